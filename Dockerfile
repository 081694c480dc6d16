# syntax=docker/dockerfile:1
# The firstpass command in a container: `docker run firstpass <command> [options]`, e.g. `sink`,
# `monitor`, `controller` or `train`. Options default to FIRSTPASS_* environment variables.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds; only the command line and the modules
# it needs are built, without tests (scripts/test.sh runs those).
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --create-home --uid 10001 firstpass
COPY --from=build /src/cli/target/firstpass.jar /opt/firstpass/firstpass.jar
USER firstpass
WORKDIR /home/firstpass
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.awt.headless=true"
ENTRYPOINT ["java", "-jar", "/opt/firstpass/firstpass.jar"]
CMD ["--help"]
