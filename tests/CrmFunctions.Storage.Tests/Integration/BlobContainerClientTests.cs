using Azure;
using CrmFunctions.Testing;

namespace CrmFunctions.Storage.Tests.Integration;

[Collection(AzuriteCollection.Name)]
public class BlobContainerClientTests(AzuriteFixture azurite)
{
    private async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = azurite.CreateServices().GetBlobContainerClient(azurite.UniqueName("raw"));
        Assert.True(await container.CreateIfNotExistsAsync());
        return container;
    }

    [Fact]
    public async Task Creating_a_container_twice_reports_it_already_existed()
    {
        var container = azurite.CreateServices().GetBlobContainerClient(azurite.UniqueName("twice"));

        Assert.True(await container.CreateIfNotExistsAsync());
        Assert.False(await container.CreateIfNotExistsAsync());
    }

    [Fact]
    public async Task Uploaded_blob_downloads_with_content_type_metadata_and_etag()
    {
        var container = await NewContainerAsync();
        var payload = BinaryData.FromString("{\"guest\":\"Zoë\"}");

        var etag = await container.UploadAsync("surveys/2026/11/22/a b é.json", payload, new BlobUploadOptions
        {
            ContentType = "application/json",
            Metadata = new Dictionary<string, string> { ["source"] = "typeform", ["receivedAt"] = "2026-11-22T11:20:35Z" },
        });
        var download = await container.DownloadAsync("surveys/2026/11/22/a b é.json");

        Assert.Equal(payload.ToString(), download.Content.ToString());
        Assert.Equal("application/json", download.ContentType);
        Assert.Equal("typeform", download.Metadata["source"]);
        Assert.Equal("2026-11-22T11:20:35Z", download.Metadata["receivedAt"]);
        Assert.Equal(etag, download.ETag);
        Assert.NotNull(download.LastModified);
    }

    [Fact]
    public async Task Write_once_upload_refuses_the_second_write_and_keeps_the_first_content()
    {
        var container = await NewContainerAsync();
        var once = new BlobUploadOptions { WriteOnce = true };
        await container.UploadAsync("raw/1.json", BinaryData.FromString("first"), once);

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => container.UploadAsync("raw/1.json", BinaryData.FromString("second"), once));

        Assert.Equal(409, error.Status);
        Assert.Equal("BlobAlreadyExists", error.ErrorCode);
        Assert.Equal("first", (await container.DownloadAsync("raw/1.json")).Content.ToString());
    }

    [Fact]
    public async Task Upload_without_write_once_overwrites()
    {
        var container = await NewContainerAsync();
        await container.UploadAsync("x.txt", BinaryData.FromString("first"));

        await container.UploadAsync("x.txt", BinaryData.FromString("second"));

        Assert.Equal("second", (await container.DownloadAsync("x.txt")).Content.ToString());
    }

    [Fact]
    public async Task Missing_blob_download_fails_with_404_and_does_not_exist()
    {
        var container = await NewContainerAsync();
        await container.UploadAsync("present.txt", BinaryData.FromString("x"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => container.DownloadAsync("absent.txt"));

        Assert.Equal(404, error.Status);
        Assert.Equal("BlobNotFound", error.ErrorCode);
        Assert.False(await container.ExistsAsync("absent.txt"));
        Assert.True(await container.ExistsAsync("present.txt"));
    }

    [Fact]
    public async Task Listing_by_prefix_follows_pages_and_returns_only_that_prefix()
    {
        var container = await NewContainerAsync();
        for (var i = 0; i < 7; i++)
        {
            await container.UploadAsync($"runs/r2/{i}.json", BinaryData.FromString(new string('x', i + 1)), new BlobUploadOptions { ContentType = "application/json" });
        }
        await container.UploadAsync("runs/r1/0.json", BinaryData.FromString("x"));
        await container.UploadAsync("other.json", BinaryData.FromString("x"));

        var listed = await container.GetBlobsAsync(prefix: "runs/r2/", pageSize: 3).ToListAsync();
        var everything = await container.GetBlobsAsync(pageSize: 2).CountAsync();

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"runs/r2/{i}.json"), listed.Select(b => b.Name));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), listed.Select(b => b.ContentLength));
        Assert.All(listed, b => Assert.Equal("application/json", b.ContentType));
        Assert.All(listed, b => Assert.False(string.IsNullOrEmpty(b.ETag)));
        Assert.Equal(9, everything);
    }

    [Fact]
    public async Task Delete_reports_whether_the_blob_was_there()
    {
        var container = await NewContainerAsync();
        await container.UploadAsync("gone.txt", BinaryData.FromString("x"));

        Assert.True(await container.DeleteAsync("gone.txt"));
        Assert.False(await container.DeleteAsync("gone.txt"));
        Assert.False(await container.ExistsAsync("gone.txt"));
    }

    [Fact]
    public async Task Metadata_that_cannot_travel_as_a_header_is_refused()
    {
        var container = await NewContainerAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => container.UploadAsync("m.txt", BinaryData.FromString("x"),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["guest"] = "Zoë" } }));
        await Assert.ThrowsAsync<ArgumentException>(() => container.UploadAsync("m.txt", BinaryData.FromString("x"),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["not-an-identifier"] = "x" } }));
        Assert.False(await container.ExistsAsync("m.txt"));
    }
}
