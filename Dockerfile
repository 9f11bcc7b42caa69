# One image with every dchat binary; compose.yaml picks the server per
# service. Built from Debian 12 packages only.
FROM debian:12 AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config \
      libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
      libboost-dev libcli11-dev libsqlite3-dev libpq-dev libsodium-dev \
      libspdlog-dev libfmt-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev \
    && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DDCHAT_BUILD_TESTS=OFF -DDCHAT_BUILD_BENCHMARKS=OFF -DDCHAT_BUILD_EXAMPLES=OFF \
    && cmake --build /build \
    && cmake --install /build --prefix /opt/dchat

FROM debian:12
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libgrpc++1.51 libgrpc29 libprotobuf32 libsqlite3-0 libsodium23 libspdlog1.10 libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/dchat --create-home dchat
COPY --from=build /opt/dchat /opt/dchat
ENV PATH=/opt/dchat/bin:$PATH LD_LIBRARY_PATH=/opt/dchat/lib
USER dchat
WORKDIR /var/lib/dchat
