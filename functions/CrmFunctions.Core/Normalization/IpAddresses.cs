using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CrmFunctions.Core.Normalization;

/// <summary>IP addresses kept as consent evidence: IPv4 in dotted-quad form or IPv6, written one way.</summary>
public static partial class IpAddresses
{
    /// <summary>The longest text form of an IPv6 address (with an embedded IPv4 part).</summary>
    public const int MaxLength = 45;

    /// <summary>
    /// The address in its canonical form (IPv6 compressed and lowercase), or null when the text is not one.
    /// IPAddress.TryParse alone would also take "10.1" or "010.0.0.1" (old shorthands, the latter read as octal),
    /// a bracketed IPv6 with a port, or a zone id: none of them is what a form or a mail server records.
    /// </summary>
    public static string? Canonical(string? text)
    {
        var clean = text?.Trim();
        if (string.IsNullOrEmpty(clean) || clean.Length > MaxLength || !IPAddress.TryParse(clean, out var address))
            return null;
        var plain = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => DottedQuad().IsMatch(clean),
            AddressFamily.InterNetworkV6 => Ipv6Text().IsMatch(clean),
            _ => false,
        };
        return plain ? address.ToString() : null;
    }

    [GeneratedRegex(@"^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$")]
    private static partial Regex DottedQuad();

    [GeneratedRegex("^[0-9A-Fa-f:.]+$")]
    private static partial Regex Ipv6Text();
}
