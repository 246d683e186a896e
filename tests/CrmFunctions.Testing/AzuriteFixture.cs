using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CrmFunctions.Storage;
using Xunit;

namespace CrmFunctions.Testing;

/// <summary>
/// Starts the repository's pinned Azurite, in memory, on free ports, for the lifetime of a test collection.
/// Each test should use its own tables, queues and containers (<see cref="UniqueName"/>) so that tests stay independent.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int MaxStartAttempts = 3;

    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();
    private Process? _process;
    private string? _workDirectory;
    private int _counter;

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    /// <summary>CPU time the emulator has used so far: benchmarks tell its share of a run from the client's.</summary>
    public TimeSpan EmulatorCpuTime
    {
        get
        {
            var process = _process;
            if (process is null) return TimeSpan.Zero;
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The emulator's resident memory, in bytes.</summary>
    public long EmulatorMemory
    {
        get
        {
            var process = _process;
            if (process is null) return 0;
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    /// <summary>Explicit path-style endpoints with the emulator's well-known account and key.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;" +
        $"AccountName={DevelopmentAccountName};" +
        $"AccountKey={AzuriteAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{DevelopmentAccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{DevelopmentAccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{DevelopmentAccountName};";

    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (not a secret).</summary>
    public const string AzuriteAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The SDK clients for this emulator, built as the app builds them.</summary>
    public StorageServices CreateServices(Action<Azure.Core.ClientOptions>? configure = null) =>
        StorageServices.Create(new StorageSettings { ConnectionString = ConnectionString }, configure);

    /// <summary>
    /// A name valid for a table, a queue and a container alike (lowercase letters and digits, starting with a letter,
    /// at most 63 characters), different on every call.
    /// </summary>
    public string UniqueName(string prefix)
    {
        var clean = new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        if (clean.Length == 0 || !char.IsAsciiLetter(clean[0]))
        {
            clean = "t" + clean;
        }
        if (clean.Length > 40)
        {
            clean = clean[..40];
        }
        var counter = Interlocked.Increment(ref _counter);
        return $"{clean}{counter}x{Guid.NewGuid():N}"[..Math.Min(63, clean.Length + 14)];
    }

    public async Task InitializeAsync()
    {
        var root = FindRepositoryRoot();
        var azurite = Path.Combine(root, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {azurite}. Run `npm ci` in {root} to install the pinned version.");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync(azurite);
                return;
            }
            catch (InvalidOperationException e) when (attempt < MaxStartAttempts && e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // Another process bound one of the ports between their choice and Azurite's start: choose again.
            }
        }
    }

    private async Task StartAsync(string azurite)
    {
        lock (_stderr) _stderr.Clear();
        lock (_stdout) _stdout.Clear();
        (BlobPort, QueuePort, TablePort) = FreePorts();
        // In-memory persistence refuses --location; the working directory catches anything Azurite still writes.
        _workDirectory = Directory.CreateTempSubdirectory("azurite-").FullName;
        var start = new ProcessStartInfo(azurite)
        {
            WorkingDirectory = _workDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {azurite}.");
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            foreach (var port in new[] { BlobPort, QueuePort, TablePort })
            {
                await WaitForPortAsync(port, timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            var reason = _process.HasExited
                ? $"Azurite exited with code {_process.ExitCode}"
                : $"Azurite did not open ports {BlobPort}/{QueuePort}/{TablePort} within {StartTimeout.TotalSeconds:0} s";
            await DisposeAsync();
            throw new InvalidOperationException($"{reason}. stderr: {Read(_stderr)} stdout: {Read(_stdout)}", e);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    using var exitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await process.WaitForExitAsync(exitTimeout.Token);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
            {
                // Already gone or refusing to die; nothing more a test run can do about it.
            }
            process.Dispose();
        }
        if (_workDirectory is { } directory)
        {
            _workDirectory = null;
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private async Task WaitForPortAsync(int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException("Azurite exited during start-up.");
            }
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>Three free ports, all held until the three are chosen, so that no two of them are the same.</summary>
    private static (int Blob, int Queue, int Table) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "package.json")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException(
            $"No package.json found above {AppContext.BaseDirectory}; the tests must run inside the repository, where `npm ci` installs Azurite.");
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (target)
        {
            target.AppendLine(line);
        }
    }

    private static string Read(StringBuilder source)
    {
        lock (source)
        {
            return source.Length == 0 ? "(empty)" : source.ToString();
        }
    }
}
