# Worker image for Dataflow (custom SDK container) and Flink (--environment_type=DOCKER).
# The base image's Beam version must match the apache-beam pin in pyproject.toml.
FROM apache/beam_python3.11_sdk:2.62.0

WORKDIR /opt/c4pipe
COPY pyproject.toml setup.py README.md ./
COPY c4pipe ./c4pipe
COPY filters ./filters
COPY beam_jobs ./beam_jobs
RUN pip install --no-cache-dir . \
    && python -c "import c4pipe.text.sentences as s; s.english_tokenizer()"

# The Beam SDK harness stays the entrypoint (from the base image).
