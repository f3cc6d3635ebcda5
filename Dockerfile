# The site, built from source. Data (SQLite database, search index) lives in the /data volume.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/KnowledgeBase.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY content /app/content
ENV ASPNETCORE_URLS=http://+:8080 \
    Storage__DataDirectory=/data \
    Content__Path=/app/content
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "KnowledgeBase.Web.dll"]
