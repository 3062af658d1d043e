# The gateway as a container: docker build -t classroom-gateway .   (README, "Container", lists the settings.)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone, so this layer is rebuilt only when packages or projects change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Classroom.Agora/Classroom.Agora.csproj src/Classroom.Agora/
COPY src/Classroom.Emulator/Classroom.Emulator.csproj src/Classroom.Emulator/
COPY src/Gateway/Gateway.csproj src/Gateway/
RUN dotnet restore src/Gateway/Gateway.csproj
COPY . .
RUN dotnet publish src/Gateway -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# The image's unprivileged "app" user.
USER $APP_UID
# The runtime image has no curl: the gateway itself asks its /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 CMD ["dotnet", "/app/Gateway.dll", "--probe"]
ENTRYPOINT ["dotnet", "/app/Gateway.dll"]
