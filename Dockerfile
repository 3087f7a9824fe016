# arxiv-triage container image: the `arxiv-triage` executable and its web files on Debian 12 slim.
#   docker build -t arxiv-triage .
#   docker run -d -p 8080:8080 -v arxiv-triage:/var/lib/arxiv-triage arxiv-triage
# The data (index, profiles, SQLite state, API token) lives in the /var/lib/arxiv-triage volume.
# Any command runs the same way: docker run --rm -v arxiv-triage:/var/lib/arxiv-triage arxiv-triage status
# deploy/docker-compose.yml runs the server with the daily fetch and the e-mail digests.

# Build: the executable only, tests off, so no test tools, browser or npm modules are installed.
FROM debian:12 AS build
WORKDIR /src
COPY scripts/install-deps scripts/
RUN scripts/install-deps --build && rm -rf /var/lib/apt/lists/*
COPY . .
# RelWithDebInfo (Release's -O3 trips a false -Wrestrict under -Werror), stripped of its debug
# information, which is most of the executable's size.
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DARXIV_TRIAGE_BUILD_TESTS=OFF \
    && cmake --build build --target arxiv-triage \
    && make install BUILD=build PREFIX=/usr DESTDIR=/out \
    && strip --strip-debug /out/usr/bin/arxiv-triage

# Runtime: the shared libraries, KaTeX, time zones, CA certificates and curl (health check).
FROM debian:12-slim
COPY scripts/install-deps /usr/local/sbin/install-deps
RUN install-deps --runtime && rm -rf /var/lib/apt/lists/* /usr/local/sbin/install-deps
# Fixed ids, so a rebuilt image still owns the volume's files.
RUN groupadd --gid 10001 arxiv-triage \
    && useradd --uid 10001 --gid arxiv-triage --no-create-home --home-dir /var/lib/arxiv-triage \
      --shell /usr/sbin/nologin arxiv-triage \
    && install -d -o arxiv-triage -g arxiv-triage -m 0750 /var/lib/arxiv-triage
COPY --from=build /out/ /
ENV ARXIV_TRIAGE_DATA=/var/lib/arxiv-triage
VOLUME ["/var/lib/arxiv-triage"]
USER arxiv-triage
WORKDIR /var/lib/arxiv-triage
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/api/v1/healthz || exit 1
ENTRYPOINT ["arxiv-triage"]
CMD ["serve", "--listen", "0.0.0.0:8080", "--web-dir", "/usr/share/arxiv-triage/web"]
