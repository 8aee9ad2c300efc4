"""c4pipe: build the C4 corpus from Common Crawl WET files with Apache Beam."""

__version__ = "0.1.0"
