"""The one compiled module, clean_page's line rules (`filters/_clean_lines.c`).

`optional=True`: where no C compiler is found the install goes on without it, and
`filters.clean_page` runs the same rules in Python. Everything else is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("filters._clean_lines", ["filters/_clean_lines.c"], optional=True)])
