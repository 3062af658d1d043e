using Gateway.Configuration;

namespace Gateway.Upstream;

/// <summary>
/// Agora's primary host (<c>Agora:BaseUrl</c>) and its backup (<c>Agora:BackupBaseUrl</c>), and which of them every call to
/// Agora goes to now, since when and why. Calls move to the backup when the primary fails and back once it answers a
/// probe; all of the gateway's callers read the host from here, so they move together. Thread-safe.
/// </summary>
public sealed class AgoraHosts
{
    /// <summary>Set on a request that must reach the host it names, never another: the probe of the primary.</summary>
    public static readonly HttpRequestOptionsKey<bool> StayOnHost = new("Gateway.StayOnHost");

    readonly TimeProvider _time;
    readonly Lock _gate = new();
    readonly long[] _switches = new long[2];
    HostPrefixes _prefixes;
    InUseHost _inUse;
    TaskCompletionSource _onBackup = NewSignal();

    public AgoraHosts(IOptions<AgoraOptions> options, TimeProvider time)
    {
        _time = time;
        Backup = options.Value.ParsedBackupBaseUrl();
        _prefixes = new HostPrefixes(options.Value.PrimaryBaseUrl, Backup);
        _inUse = new InUseHost(AgoraHost.Primary, "the primary is in use", time.GetUtcNow());
    }

    /// <summary>The host in use, why it is, and since when.</summary>
    public sealed record InUseHost(AgoraHost Host, string Reason, DateTimeOffset Since);

    public Uri Primary => Volatile.Read(ref _prefixes).PrimaryUrl;

    /// <summary>The backup host, or null when there is none (the sandbox, a base URL that is not Agora's, an empty setting).</summary>
    public Uri? Backup { get; }

    public InUseHost InUse => Volatile.Read(ref _inUse);

    /// <summary>The base URL calls go to now.</summary>
    public Uri Current => BaseUrlOf(InUse.Host);

    public Uri BaseUrlOf(AgoraHost host) => host == AgoraHost.Backup && Backup is { } backup ? backup : Primary;

    /// <summary>How many times calls have moved to <paramref name="host"/>.</summary>
    public long SwitchesTo(AgoraHost host)
    {
        lock (_gate)
        {
            return _switches[(int)host];
        }
    }

    /// <summary>Moves every call to the backup, when there is one and the primary is in use; true when this call moved them.</summary>
    public bool SwitchToBackup(string reason) => Backup is not null && Switch(AgoraHost.Primary, AgoraHost.Backup, reason);

    /// <summary>Moves every call back to the primary; true when this call moved them.</summary>
    public bool ReturnToPrimary(string reason) => Switch(AgoraHost.Backup, AgoraHost.Primary, reason);

    /// <summary>Completes once calls go to the backup (at once, while they do).</summary>
    public Task WhenOnBackupAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _onBackup.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// <paramref name="requestUri"/> moved from whichever host it names onto <paramref name="host"/>, its path and query
    /// kept; unchanged when it names neither host.
    /// </summary>
    public Uri OnHost(Uri requestUri, AgoraHost host)
    {
        var prefixes = Volatile.Read(ref _prefixes);
        var target = host == AgoraHost.Backup && prefixes.Backup is { } backup ? backup : prefixes.Primary;
        var request = requestUri.AbsoluteUri;
        var from = HostPrefixes.Names(request, prefixes.Primary) ? prefixes.Primary
            : prefixes.Backup is { } named && HostPrefixes.Names(request, named) ? named
            : null;
        return from is null || ReferenceEquals(from, target) ? requestUri : new Uri(target + request[from.Length..]);
    }

    /// <summary>The sandbox's primary is the embedded emulator, whose address is known once it listens.</summary>
    public void UsePrimary(Uri baseUrl) => Volatile.Write(ref _prefixes, new HostPrefixes(baseUrl, Backup));

    /// <summary>
    /// The primary's base URL, and each host's as the text a request's address starts with (no trailing slash), made
    /// when the host is known rather than on every call.
    /// </summary>
    sealed record HostPrefixes(Uri PrimaryUrl, string Primary, string? Backup)
    {
        public HostPrefixes(Uri primary, Uri? backup) : this(primary, Of(primary), backup is null ? null : Of(backup)) { }

        static string Of(Uri baseUrl) => baseUrl.AbsoluteUri.TrimEnd('/');

        /// <summary>Whether <paramref name="address"/> is on the host <paramref name="prefix"/> names, at a whole segment.</summary>
        public static bool Names(string address, string prefix) => address.StartsWith(prefix, StringComparison.Ordinal)
            && (address.Length == prefix.Length || address[prefix.Length] is '/' or '?');
    }

    bool Switch(AgoraHost from, AgoraHost to, string reason)
    {
        lock (_gate)
        {
            if (_inUse.Host != from)
            {
                return false;
            }
            Volatile.Write(ref _inUse, new InUseHost(to, reason, _time.GetUtcNow()));
            _switches[(int)to]++;
            if (to == AgoraHost.Backup)
            {
                _onBackup.TrySetResult();
            }
            else
            {
                _onBackup = NewSignal();
            }
            return true;
        }
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
