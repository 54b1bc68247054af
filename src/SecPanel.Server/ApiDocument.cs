using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SecPanel.Server;

/// <summary>
/// The OpenAPI document of the API, served at <see cref="Route"/> and committed as
/// <c>docs/openapi.json</c> (a test fails when the two differ). It names no server: the same
/// document describes every installation.
/// </summary>
internal static class ApiDocument
{
    public const string Name = "v1";

    public const string Route = "/api/openapi.json";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "SecPanel",
                Version = Name,
                Description = "The SecPanel server: the DCC's reporting obligations, committee records and their access by role, committee and classification (docs/access.md).",
            };
            document.Servers = [];
            return Task.CompletedTask;
        });
    }

    /// <summary>Describes a request body of one of <paramref name="contentTypes"/>, read by the handler as bytes.</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Body(params string[] contentTypes) => (operation, _, _) =>
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = contentTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
        };
        return Task.CompletedTask;
    };

    /// <summary>Describes a JSON request body that the handler reads itself (so that it can say what is wrong with one in its own words).</summary>
    public static async Task JsonBody<T>(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancel) },
            },
        };
    }
}
