using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Marketplace.Gateway.WebConsole;

/// <summary>
/// The web console (console/, built by npm into wwwroot/console) at /console/: static files only, no endpoints (so
/// nothing of it enters the OpenAPI document) and no back door: the page calls the public API like any client.
/// Strict headers: scripts, styles and connections to this origin only, never framed, no referrer.
/// </summary>
public static class ConsoleHosting
{
    public const string Path = "/console";

    private const string SecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseConsole(this WebApplication app)
    {
        var root = System.IO.Path.Combine(app.Environment.ContentRootPath, "wwwroot", "console");
        app.Map(Path, console =>
        {
            console.Use(async (context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = SecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (!context.Request.Path.HasValue)
                {
                    // "/console" → "/console/": relative asset paths resolve under the console.
                    context.Response.Redirect($"{Path}/");
                    return;
                }
                if (!File.Exists(System.IO.Path.Combine(root, "index.html")))
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("The console has not been built: deploy/local/up.sh builds it (npm ci && npm run build in console/).");
                    return;
                }
                await next();
            });
            if (!Directory.Exists(root)) return;
            var files = new PhysicalFileProvider(root);
            console.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            console.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                // Assets carry a content hash in their names and never change; index.html is checked every time.
                OnPrepareResponse = f => f.Context.Response.Headers.CacheControl =
                    f.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable",
            });
        });
        return app;
    }
}
