"""`c4pipe report DIR`: the HTML report of a finished run (`c4pipe.report`)."""

from c4pipe.report import add_arguments, main  # noqa: F401
