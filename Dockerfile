# inventory-service: Payara Micro 6 (the jar the build fetched) on Eclipse Temurin's Java 25. Build the artifacts first:
#   mvn -DskipTests package      (target/inventory-service.war, target/payara/{payara-micro.jar,artemis-ra.rar,postgresql.jar},
#                                 target/training: the training start, which runs again here)
#   docker build -t inventory-service .                        (Java 25: ready in 0.78x Java 17's time, bench/README.md)
#   docker build --build-arg JAVA_VERSION=21 -t inventory-service .      (or 17: the Java versions Payara 6 lists)
# Configure it with the INVENTORY_* environment variables listed in README.md. server-config/payara/start sizes
# the JVM for the container's memory limit and CPU quota, and the consumers, JDBC pool and HTTP workers for its CPUs
# unless they are set: ENV below leaves those to it (README, "Deploying"). The image holds no password: give
# INVENTORY_DB_PASSWORD and INVENTORY_BROKER_PASSWORD at run time (docker run -e, a Kubernetes Secret); without them
# the start stops at once, naming them. Stop it with time to finish: docker run --stop-timeout 30 (docker stop's 10 s
# are short of the 5 s of grace and Payara's shutdown).
ARG JAVA_VERSION=25
FROM eclipse-temurin:${JAVA_VERSION}-jre AS runtime

# A fixed id, so that the Kubernetes manifest can name it (runAsUser); 1000 is the base image's ubuntu. The service's
# files and directories are root's: the user that runs it can read them, not change them (nor swap the WAR or the
# start script). It writes only below TMPDIR (/tmp), so the root filesystem may be read-only (the Kubernetes base's).
RUN groupadd --system --gid 10001 payara \
    && useradd --system --uid 10001 --gid payara --no-create-home --home-dir /opt/payara payara \
    && install -d /opt/payara/inventory
WORKDIR /opt/payara/inventory
# What changes least first: a new build of the service changes the WAR's layer alone, not the runtime's 100 MiB.
COPY target/payara/payara-micro.jar target/payara/artemis-ra.rar target/payara/postgresql.jar ./
COPY server-config/payara/start server-config/payara/*.asadmin server-config/payara/logging.properties \
     server-config/payara/empty-keystore.p12 server-config/payara/training-compiler-directives.json ./
COPY target/inventory-service.war ./

ENV PAYARA_MICRO_JAR=/opt/payara/inventory/payara-micro.jar \
    INVENTORY_HTTP_PORT=3002 \
    INVENTORY_HTTP_ADDRESS=0.0.0.0 \
    INVENTORY_DB_HOST=postgres \
    INVENTORY_DB_PORT=5432 \
    INVENTORY_DB_NAME=inventory \
    INVENTORY_DB_USER=inventory \
    INVENTORY_BROKER_HOST=artemis \
    INVENTORY_BROKER_PORT=61616 \
    INVENTORY_BROKER_USER=inventory \
    INVENTORY_SHUTDOWN_GRACE_SECONDS=5

# The archive (Java 25: the AOT cache) belongs to the JVM that makes it: this image's, so it is trained here, not
# copied from the build, by the build's own training start (ClassDataTraining, target/training): the service on a
# PostgreSQL and a broker of its own, which live in this stage only, taken through its requests and events. Where
# that cannot run (zonky's PostgreSQL binaries are x86-64's), from a deployment alone: fewer classes, and the first
# minute at 200m slower (bench/README.md, "The image's archive").
FROM runtime AS training
COPY --chown=payara:payara target/training /opt/training
COPY --chown=payara:payara server-config/artemis/broker.properties /opt/training/
# The training writes the archive beside the jar and its database and broker beside that: in this stage only.
RUN chown payara:payara /opt/payara /opt/payara/inventory
USER payara
RUN if ! { java -Dinventory.payaraDir=/opt/payara/inventory -Dinventory.serverConfigDir=/opt/payara/inventory \
              -Dinventory.war=/opt/payara/inventory/inventory-service.war \
              -Dinventory.brokerProperties=/opt/training/broker.properties \
              -cp '/opt/training/classes:/opt/training/lib/*' org.sagademo.inventory.localstack.ClassDataTraining \
            && { [ -f payara-micro.aot ] || [ -f payara-micro.jsa ]; }; }; then \
        echo 'training with a database and a broker failed: training on a deployment alone' >&2; \
        ./start train-offline; \
    fi \
    && install -d /opt/payara/archive \
    && { mv payara-micro.aot /opt/payara/archive/ 2>/dev/null || mv payara-micro.jsa /opt/payara/archive/; }

# Only the archive leaves the training stage: payara-micro.jar stays the runtime stage's file, whose size and time
# the archive was made against.
FROM runtime
COPY --from=training /opt/payara/archive/ /opt/payara/inventory/
USER payara
EXPOSE 3002

# No curl in the image: ask /health/live over bash's /dev/tcp and expect a 200 that carries the service's own
# check. Liveness, not readiness: a platform that restarts unhealthy containers (Swarm, ECS) would restart every
# instance while the database is away, which the service waits out. A deployment that failed (PostgreSQL down while
# the WAR deployed) leaves Payara answering 200 with no checks.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${INVENTORY_HTTP_PORT} && printf 'GET /health/live HTTP/1.0\\r\\n\\r\\n' >&3 && r=$(cat <&3) && [[ $r == 'HTTP/1.'?' 200 '* && $r == *'\"name\":\"incoming-queue-consumers\"'* ]]"]

ENTRYPOINT ["./start"]
