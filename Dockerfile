# The Makini Flows server with its designer. Built by docker-compose.yml; configured only through
# environment variables.
FROM node:20 AS designer
WORKDIR /designer
COPY Makini.Flows.Designer/package.json Makini.Flows.Designer/package-lock.json ./
RUN npm ci
COPY Makini.Flows.Designer/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# The designer was built in its own stage: the server's build copies nothing and needs no Node.
RUN dotnet publish Makini.Flows.Server -c Release -o /app -p:SkipDesigner=true

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY --from=designer /designer/dist /app/wwwroot
COPY flows-samples /app/flows-samples
ENV Urls=http://0.0.0.0:8080 \
    Samples__Folder=/app/flows-samples
EXPOSE 8080
ENTRYPOINT ["dotnet", "Makini.Flows.Server.dll"]
