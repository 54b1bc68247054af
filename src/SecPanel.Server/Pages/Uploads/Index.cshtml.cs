using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SecPanel.Problems;
using SecPanel.Storage;

namespace SecPanel.Server.Pages.Uploads;

/// <summary>
/// Uploading a case folder (a zip) or CSV files: validated as the API's upload is, by a dry run
/// with the uploader's access; every problem is shown with its file, line and field, and valid
/// files are kept as a pending upload to confirm (<see cref="PendingModel"/>).
/// </summary>
public sealed class UploadsModel : SecPanelPage
{
    /// <summary>Every problem found, in the order found.</summary>
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    /// <summary>Why nothing was read (a file the role may not upload, a zip that is not one).</summary>
    public string? Refusal { get; private set; }

    /// <summary>Whether records already stored may be replaced.</summary>
    public bool Update { get; private set; }

    /// <summary>The account's uploads waiting to be confirmed, newest first.</summary>
    public IReadOnlyList<PendingUploadSummary> Pending { get; private set; } = [];

    /// <summary>Shows the form, and the uploads waiting.</summary>
    public void OnGet()
    {
        Title = "Upload";
        Pending = Store.PendingUploads(Account!.Name);
    }

    /// <summary>Checks the files and, when they are valid, keeps them to confirm.</summary>
    public IActionResult OnPost(List<IFormFile> files, bool update)
    {
        Title = "Upload";
        Update = update;
        var options = HttpContext.RequestServices.GetRequiredService<ServerOptions>();
        var (texts, refusal) = Read(files, options.MaxUploadBytes);
        if (refusal is null)
        {
            var staged = Writes.Stage(Store, Account!, texts, update);
            if (staged.Upload is { } upload)
            {
                return Redirect($"/uploads/{upload.Id}");
            }

            refusal = staged.Forbidden;
            Problems = staged.Problems;
        }

        Refusal = refusal;
        Pending = Store.PendingUploads(Account!.Name);
        Response.StatusCode = refusal is not null ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>The files as the import reads them: a zip's entries by their paths, a CSV file by the case-folder path its name has.</summary>
    private static (List<ImportText> Files, string? Refusal) Read(List<IFormFile> files, long most)
    {
        if (files.Count == 0)
        {
            return ([], "Choose a zip of a case folder or its CSV files.");
        }

        if (files.Sum(f => f.Length) > most)
        {
            return ([], $"The files are larger than the {most / 1024 / 1024} MB an upload may be.");
        }

        var texts = new List<ImportText>();
        try
        {
            foreach (var file in files)
            {
                using var stream = file.OpenReadStream();
                if (file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    texts.AddRange(ZipUpload.Read(stream, file.FileName));
                    continue;
                }

                var paths = Store.ImportedPaths.Where(p => string.Equals(Path.GetFileName(p), file.FileName, StringComparison.Ordinal)).ToList();
                if (paths.Count != 1)
                {
                    return ([], $"{file.FileName}: not a file of a case folder; the files are {string.Join(", ", Store.ImportedPaths)}, or a zip of the folder.");
                }

                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                texts.Add(new ImportText(paths[0], file.FileName, ZipUpload.Decode(copy.GetBuffer().AsSpan(0, (int)copy.Length), file.FileName)));
            }
        }
        catch (UploadException e)
        {
            return ([], e.Message);
        }

        return (texts, null);
    }
}
