# syntax=docker/dockerfile:1
# Hematology CDS Hooks service. Build: docker build -t hematology-cds .
# Run:   docker run -p 8080:8080 -v cds-data:/app/data hematology-cds
# (see docs/operations.md for PostgreSQL, the admin token and the other settings)

# ---- build: the Maven wrapper on a JDK ----------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN chmod +x mvnw \
 && ./mvnw -B -ntp -q dependency:resolve dependency:resolve-plugins
COPY src/ src/
COPY cards/ cards/
COPY fhir-samples/ fhir-samples/
# The tests need PostgreSQL, Chromium and a free machine: run them in CI, not in the image build.
RUN ./mvnw -B -ntp -DskipTests -Dspotless.check.skip=true package \
 && cp target/hematology-cds.jar /hematology-cds.jar

# ---- run: a JRE, as a user without privileges ---------------------------------------------------
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system cds \
 && useradd --system --gid cds --home-dir /app --no-create-home --shell /usr/sbin/nologin cds \
 && mkdir -p /app/data \
 && chown -R cds:cds /app
WORKDIR /app
COPY --from=build --chown=cds:cds /hematology-cds.jar /app/hematology-cds.jar
# The default embedded H2 database lives in /app/data (jdbc:h2:file:./data/hematology-cds).
VOLUME /app/data
USER cds:cds
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Startup (HAPI FHIR, rule compilation, migrations) takes a while: give it a start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/hematology-cds.jar"]
