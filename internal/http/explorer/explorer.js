// Starts Swagger UI on the server's own OpenAPI document. The document's server URL is
// relative, so "Try it out" calls this same server; "Authorize" takes an API key.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    displayRequestDuration: true,
    tryItOutEnabled: false,
  });
};
