"""`benchmarks/scaling_plan.py`: per-GB figures scaled to the reference's crawl."""

from __future__ import annotations

from benchmarks.scaling_plan import CRAWL_WET_BYTES, memory_growth, partition_skew, per_gb, plan, stage_name

RUN = {
    "pages": 1000, "parallelism": 2, "wet_bytes_uncompressed": 2e9, "cpu_s": 1000.0, "wall_s": 625.0, "cores": 2,
    "pages_in": 900, "pages_out": 600, "output_bytes": 4e8, "peak_tree_rss_mb": 8000,
    "peak_rss_mb_of_one_process_by_kind": {"flink taskmanager": 2048, "python sdk worker": 1024, "other": 5},
    "flink_jobs": [{"vertices": [
        {"name": "GroupReduce (GroupReduce at Dedup/GroupUnitBuckets)", "duration_ms": 5, "read-bytes": 6e8,
         "write-bytes": 1e8, "read-records": 0, "write-records": 0},
        {"name": "MapPartition (MapPartition at [8]{ReadAndClean, UrlDedup})", "duration_ms": 9, "read-bytes": 0,
         "write-bytes": 3e9, "read-records": 0, "write-records": 0},
    ]}],
}


def test_stage_names_come_from_flinks_vertex_names():
    assert stage_name("MapPartition (MapPartition at [8]{ReadAndClean, UrlDedup})") == "ReadAndClean, UrlDedup"
    assert stage_name("GroupReduce (GroupReduce at Dedup/GroupUnitBuckets)") == "Dedup/GroupUnitBuckets"


def test_per_gb_figures():
    m = per_gb(RUN)
    assert m["cpu_s"] == 500 and m["shuffle_total"] == 1.55e9 and m["utilization"] == 0.8
    assert m["shuffle_bytes"]["dedup votes (units by bucket)"] == 3e8
    assert m["slowest"] == "ReadAndClean, UrlDedup"


def test_the_plan_scales_cpu_and_sizes_the_cluster():
    text = plan([RUN])
    cpu_hours = 500 * CRAWL_WET_BYTES / 1e9 / 3600  # 972 CPU-hours
    assert f"{cpu_hours:,.0f} CPU-hours" in text
    assert f"| {cpu_hours / (24 * 0.8):,.0f} |" in text  # vCPUs for 24 h at 0.8 utilization
    assert "| 13 |" in text  # workers of 4 vCPUs
    assert "6.0 GB of 15 GB" in text and "other" not in text  # 2 GB + 4 x 1 GB


def test_memory_growth_compares_the_smallest_and_largest_inputs():
    bigger = {**RUN, "wet_bytes_uncompressed": 6e9,
              "peak_rss_mb_of_one_process_by_kind": {"flink taskmanager": 2150, "python sdk worker": 2048}}
    assert memory_growth([bigger, RUN]) == {"flink taskmanager": 2150 / 2048, "python sdk worker": 2.0}
    text = plan([RUN, bigger])
    assert "| one flink taskmanager | 2,048 MB | 2,150 MB | 1.05 (flat) |" in text
    assert "| one python sdk worker | 1,024 MB | 2,048 MB | 2.00 (grows) |" in text
    assert "| every process together | 8,000 MB | 8,000 MB | 1.00 (flat) |" in text
    assert "largest / smallest" not in plan([RUN])


def test_partition_skew_is_the_largest_partition_over_the_mean():
    vertices = [
        {"name": "GroupReduce (GroupReduce at Dedup/GroupUnitBuckets)", "duration_ms": 5, "read-bytes": 6e8,
         "write-bytes": 1e8, "read-records": 0, "write-records": 0, "read-bytes-by-subtask": [1e8, 2e8, 3e8]},
        {"name": "CHAIN MapPartition (MapPartition at [3]Dedup/{VoteInBucket})", "duration_ms": 5,
         "read-bytes": 6e8, "write-bytes": 1e8, "read-records": 0, "write-records": 0,
         "read-bytes-by-subtask": [6e8, 0, 0]},  # not a shuffle's GroupReduce: ignored
    ]
    skewed = {**RUN, "flink_jobs": [{"vertices": vertices}]}
    assert partition_skew(skewed) == {"dedup votes (units by bucket)": 1.5}
    assert partition_skew(RUN) == {}  # saved without per-subtask figures
    assert "| dedup votes (units by bucket) | 1.50 |" in plan([skewed])
    assert "largest partition" not in plan([RUN])
