"""`c4pipe-sdk-worker`: one Beam Python SDK worker process for a Flink TaskManager.

Beam's PROCESS environment has the TaskManager start a program with the SDK container's
boot flags (`--id`, `--provision_endpoint`, `--control_endpoint`, ...). Beam's own boot
program is a Go binary that installs staged packages into a container; on a cluster
whose machines already have c4pipe installed there is nothing to install, so this
program does the rest of its job: it asks the provision service for the pipeline's
options and endpoints and starts Beam's `sdk_worker_main` in this process's place
(through `beam_jobs.sdk_worker_main`). Each TaskManager starts its own workers (Beam's
shared worker pool would give two TaskManagers' workers the same id), so a job at
parallelism N runs N Python processes, and a worker killed mid-job is replaced when
Flink restarts the task.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

WORKER_MODULE = "beam_jobs.sdk_worker_main"
"""Beam's worker, with smaller data channel messages (see there)."""


def worker_environment(args: argparse.Namespace, info, base: dict) -> dict:
    """The environment `sdk_worker_main` reads, from the boot flags and the provision info."""
    from apache_beam.portability.api import endpoints_pb2
    from google.protobuf import json_format, text_format

    def descriptor(endpoint, fallback_url: Optional[str]) -> str:
        if not endpoint.url and fallback_url:
            endpoint = endpoints_pb2.ApiServiceDescriptor(url=fallback_url)
        return text_format.MessageToString(endpoint)

    env = dict(base)
    env.update({
        "WORKER_ID": args.id,
        "PIPELINE_OPTIONS": json_format.MessageToJson(info.pipeline_options),
        "CONTROL_API_SERVICE_DESCRIPTOR": descriptor(info.control_endpoint, args.control_endpoint),
        "LOGGING_API_SERVICE_DESCRIPTOR": descriptor(info.logging_endpoint, args.logging_endpoint),
        "RUNNER_CAPABILITIES": " ".join(info.runner_capabilities),
    })
    if info.status_endpoint.url:
        env["STATUS_API_SERVICE_DESCRIPTOR"] = text_format.MessageToString(info.status_endpoint)
    if args.semi_persist_dir:
        env["SEMI_PERSISTENT_DIRECTORY"] = args.semi_persist_dir
    return env


def provision_info(endpoint: str, worker_id: str):
    import grpc
    from apache_beam.portability.api import beam_provision_api_pb2, beam_provision_api_pb2_grpc

    with grpc.insecure_channel(endpoint) as channel:
        stub = beam_provision_api_pb2_grpc.ProvisionServiceStub(channel)
        response = stub.GetProvisionInfo(
            beam_provision_api_pb2.GetProvisionInfoRequest(), metadata=[("worker_id", worker_id)], timeout=60
        )
    return response.info


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="c4pipe-sdk-worker", description=__doc__.split("\n")[0])
    parser.add_argument("--id", required=True)
    parser.add_argument("--provision_endpoint", required=True)
    parser.add_argument("--control_endpoint", default=None)
    parser.add_argument("--logging_endpoint", default=None)
    parser.add_argument("--artifact_endpoint", default=None)  # nothing to stage: c4pipe is installed
    parser.add_argument("--semi_persist_dir", default=None)
    return parser.parse_known_args(list(argv))[0]


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    env = worker_environment(args, provision_info(args.provision_endpoint, args.id), os.environ)
    os.execve(sys.executable, [sys.executable, "-m", WORKER_MODULE], env)


if __name__ == "__main__":
    main()
