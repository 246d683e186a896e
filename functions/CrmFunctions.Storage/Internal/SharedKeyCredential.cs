using System.Security.Cryptography;
using System.Text;

namespace CrmFunctions.Storage;

/// <summary>Account name and key; computes HMAC-SHA256 signatures. Never rendered as text.</summary>
internal sealed class SharedKeyCredential
{
    private readonly byte[] _key;

    public SharedKeyCredential(string accountName, string accountKeyBase64)
    {
        AccountName = accountName;
        _key = Convert.FromBase64String(accountKeyBase64);
    }

    public string AccountName { get; }

    public string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    public override string ToString() => $"SharedKeyCredential {AccountName}";
}
