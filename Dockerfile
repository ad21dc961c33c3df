# hindsight in a small image: a static (musl) binary, git for `--base` and
# history, and a non-root user. For GitLab CI and other runners; see
# docs/src/ci.md.
#   docker build --build-arg HINDSIGHT_COMMIT="$(git rev-parse HEAD)" -t hindsight .
#   docker run --rm -v "$PWD:/work" hindsight build

FROM rust:1-alpine AS build
# C headers for libgit2 and mimalloc, built from source and linked statically.
# Unpinned: the rust image's Alpine release fixes the versions.
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
# .git is not copied (.dockerignore): `hindsight --version` takes the commit from here.
ARG HINDSIGHT_COMMIT=""
ENV HINDSIGHT_COMMIT=${HINDSIGHT_COMMIT}
RUN cargo build --release --locked \
    && strip target/release/hindsight \
    && ./target/release/hindsight --version

FROM alpine:3.22
# git: `check --base`, `review` and the history of every page; curl: CI
# scripts post the review with it.
# hadolint ignore=DL3018
RUN apk add --no-cache git curl \
    && adduser -D -u 10001 hindsight \
    && git config --system --add safe.directory '*'
COPY --from=build /src/target/release/hindsight /usr/local/bin/hindsight
USER 10001
WORKDIR /work
ENTRYPOINT ["hindsight"]
CMD ["--help"]
