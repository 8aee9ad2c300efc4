"""Reading and writing files: WET input (local, remote, crawl listings), the work directory, output shards and TFRecords, pinned assets, and the one atomic writer."""
