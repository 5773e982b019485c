# syntax=docker/dockerfile:1.7
# rampart's container image: a Debian bookworm build stage and a bookworm-slim runtime stage with
# exactly the shared libraries the binary links (tests/deploy/runtime_stage.test.mjs rebuilds
# this runtime stage with debootstrap, runs the binary in it as this file's user, read-only, and
# checks ldd, /health/ready, the HEALTHCHECK and SIGTERM: `make deploy-check`).
#
#   docker build -t rampart --build-arg GIT_COMMIT=$(git rev-parse HEAD) .
#   docker run --rm -p 8080:8080 --read-only --tmpfs /tmp -v rampart-data:/var/lib/rampart rampart  # rampart:only(sqlite)
# rampart:begin(sqlite)
# rampart:else
# #   export RAMPART_DATABASE_URL=postgresql://user:password@host:5432/rampart  # no default
# #   docker run --rm -p 8080:8080 --read-only --tmpfs /tmp -v rampart-data:/var/lib/rampart -e RAMPART_DATABASE_URL rampart
# rampart:end

ARG DEBIAN_RELEASE=bookworm

# --- build ------------------------------------------------------------------------------------
FROM debian:${DEBIAN_RELEASE} AS build
ENV DEBIAN_FRONTEND=noninteractive CCACHE_DIR=/root/.cache/ccache
WORKDIR /src
# The build dependencies are scripts/setup.sh's list (the same as `make build` on a machine).
# Keep apt's downloads in a cache mount instead of the layer.
COPY scripts/setup.sh scripts/setup.sh
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
 && bash scripts/setup.sh
COPY . .
# ccache's cache survives between builds (a changed source recompiles only its own units);
# npm's cache holds the Swagger UI package that GET /docs embeds.
ARG GIT_COMMIT=unknown
RUN --mount=type=cache,target=/root/.cache/ccache \
    --mount=type=cache,target=/root/.npm \
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DRAMPART_BUILD_TESTS=OFF \
 && cmake --build build --target rampart \
 && strip --strip-unneeded build/rampart \
 && ./build/rampart --version

# --- runtime ----------------------------------------------------------------------------------
FROM debian:${DEBIAN_RELEASE}-slim AS runtime
ARG GIT_COMMIT=unknown
ARG VERSION=0.1.0
ARG SOURCE_URL=""
LABEL org.opencontainers.image.title="rampart" \
# rampart:begin(iam)
      org.opencontainers.image.description="Identity and access service (users, roles, JWT, sessions, audit) in C++" \
# rampart:else
#       org.opencontainers.image.description="Web service in C++ (the notes API, audit, events; access tokens of a trusted issuer)" \
# rampart:end
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${GIT_COMMIT}" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"

# The runtime packages: one per line, each the package of a library `ldd rampart` resolves (the
# runtime-stage test fails on a library not found and on a package no library comes from),
# plus the CA certificates for outgoing TLS (SMTP, AWS APIs, ...). Then a numeric user and
# no set-uid programs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates \
# rampart:begin(iam)
      libargon2-1 \
# rampart:end
      libboost-json1.81.0 \
      libfmt9 \
# rampart:begin(redis)
      libhiredis0.14 \
# rampart:end
# rampart:begin(iam)
      libidn2-0 \
# rampart:end
      libjemalloc2 \
      libpq5 \
# rampart:begin(iam)
      libqrencode4 \
# rampart:end
      libsodium23 \
      libspdlog1.10 \
      libsqlite3-0 \
      libssl3 \
      libtomlplusplus3 \
# rampart:begin(iam)
      libunistring2 \
# rampart:end
# rampart:begin(iam)
      libzxcvbn0 \
# rampart:end
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && groupadd --system --gid 10001 rampart \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/rampart --no-create-home \
      --shell /usr/sbin/nologin rampart \
# rampart:begin(iam)
 && mkdir -p /var/lib/rampart /run/rampart/keys /app \
# rampart:else
#  && mkdir -p /var/lib/rampart /app \
# rampart:end
 && chown 10001:10001 /var/lib/rampart \
 && chmod 0750 /var/lib/rampart \
 && find / -xdev -type f -perm /6000 -exec chmod a-s {} +

COPY --from=build /src/build/rampart /usr/local/bin/rampart
# The settings files (rampart.toml documents every setting; rampart.<env>.toml per environment),
# read from ./config relative to the working directory.
COPY config/ /app/config/
WORKDIR /app

# In a container the listener must accept connections from outside the container, and the
# state goes to the volume. RAMPART_ENV (production in AWS) and the rest come from the platform.
ENV RAMPART_LISTEN=0.0.0.0:8080 \
    RAMPART_DATA_DIR=/var/lib/rampart
VOLUME ["/var/lib/rampart"]
EXPOSE 8080
USER 10001:10001

# rampart is PID 1 itself (exec form): it handles SIGTERM (stop accepting, drain within
# server.shutdown_timeout, flush the outbox and telemetry, exit 0) and starts no child processes
# that would need reaping.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/rampart", "health"]
ENTRYPOINT ["/usr/local/bin/rampart"]
CMD ["serve"]
