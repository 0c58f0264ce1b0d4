# The Makini Flows server. Built by docker-compose.yml; configured only through environment variables.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Makini.Flows.Server -c Release -o /app -p:SkipDesigner=true

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY flows-samples /app/flows-samples
ENV Urls=http://0.0.0.0:8080 \
    Samples__Folder=/app/flows-samples
EXPOSE 8080
ENTRYPOINT ["dotnet", "Makini.Flows.Server.dll"]
