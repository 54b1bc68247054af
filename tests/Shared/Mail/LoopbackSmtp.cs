using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SecPanel.Testing;

/// <summary>
/// A real SMTP server (SmtpServer) on a free loopback port, for the tests of what SecPanel sends:
/// each message that arrives is kept, parsed by MimeKit. It can refuse the next messages, as a
/// server with a passing fault does (451), and it can be started late, to be a server that is down.
/// </summary>
internal sealed class LoopbackSmtp : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Keep keep;
    private Task? running;

    public LoopbackSmtp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        keep = new Keep(Received);
    }

    /// <summary>The port it listens on once started.</summary>
    public int Port { get; }

    /// <summary>The server as <c>host:port</c>, as SecPanel's <c>--smtp</c> takes it.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>The messages accepted, in order of arrival.</summary>
    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>How many of the next messages to refuse with a transient error.</summary>
    public int RefuseNext
    {
        get => keep.Refuse;
        set => keep.Refuse = value;
    }

    /// <summary>Starts listening, and returns once it accepts connections.</summary>
    public LoopbackSmtp Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new ServiceProvider();
        services.Add(keep);
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                break;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // Stopped, as asked.
            }
        }

        stop.Dispose();
    }

    /// <summary>Keeps each message that arrives, parsed by MimeKit, unless told to refuse it.</summary>
    private sealed class Keep(ConcurrentQueue<MimeMessage> into) : MessageStore
    {
        private int refuse;

        public int Refuse
        {
            get => Volatile.Read(ref refuse);
            set => Volatile.Write(ref refuse, value);
        }

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref refuse) >= 0)
            {
                return new SmtpResponse(SmtpReplyCode.Aborted, "try again later");
            }

            Interlocked.Exchange(ref refuse, 0);
            using var stream = new MemoryStream(buffer.ToArray());
            into.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
