using System.Text;
using System.Text.RegularExpressions;

namespace CrmFunctions.Infra.Tests;

/// <summary>
/// A deliberately small reader of Bicep source text: enough to find variables, objects, arrays and
/// resource declarations in the templates of this repository. Comments are removed first; string
/// literals (with their interpolations) are kept but never mistaken for code, so a brace or a colon
/// inside a string does not confuse the block matching.
/// </summary>
public sealed partial class BicepText
{
    private readonly bool[] _inString;

    public BicepText(string source, string path = "<text>")
    {
        Path = path;
        var code = new StringBuilder(source.Length);
        var mask = new List<bool>(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            if (At(source, i, "//"))
            {
                while (i < source.Length && source[i] != '\n') i++;
            }
            else if (At(source, i, "/*"))
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 2;
            }
            else if (source[i] == '\'')
            {
                var end = At(source, i, "'''") ? MultiLineStringEnd(source, i) : StringEnd(source, i);
                for (var k = i; k < end; k++) { code.Append(source[k]); mask.Add(true); }
                i = end;
            }
            else
            {
                code.Append(source[i]);
                mask.Add(false);
                i++;
            }
        }
        Code = code.ToString();
        _inString = mask.ToArray();
    }

    public string Path { get; }

    /// <summary>The source without comments.</summary>
    public string Code { get; }

    public static BicepText Load(string path) => new(File.ReadAllText(path), path);

    /// <summary>Text of the block that opens at <paramref name="open"/> ('{' or '['), brackets included.</summary>
    public string Block(int open)
    {
        var depth = 0;
        for (var k = open; k < Code.Length; k++)
        {
            if (_inString[k]) continue;
            var c = Code[k];
            if (c is '{' or '[' or '(') depth++;
            else if (c is '}' or ']' or ')')
            {
                depth--;
                if (depth == 0) return Code.Substring(open, k - open + 1);
            }
        }
        throw new FormatException($"{Path}: unbalanced block at offset {open}");
    }

    /// <summary>First '{' or '[' at or after <paramref name="from"/> that is code, not string.</summary>
    public int NextOpen(int from)
    {
        for (var k = from; k < Code.Length; k++)
            if (!_inString[k] && Code[k] is '{' or '[') return k;
        throw new FormatException($"{Path}: no block after offset {from}");
    }

    /// <summary>The value block of <c>var name = {...}</c> or <c>var name = [...]</c>.</summary>
    public string VariableBlock(string name)
    {
        var m = Regex.Match(Code, $@"^\s*var\s+{Regex.Escape(name)}\s*=\s*(?=[\[{{])", RegexOptions.Multiline);
        if (!m.Success) throw new KeyNotFoundException($"{Path}: no 'var {name} = [...]' or '{{...}}'");
        return Block(m.Index + m.Length);
    }

    /// <summary>The single-quoted items of <c>var name = [ 'a' 'b' ]</c>.</summary>
    public IReadOnlyList<string> StringArrayVariable(string name) => StringItems(VariableBlock(name));

    public static IReadOnlyList<string> StringItems(string arrayBlock)
    {
        var inner = arrayBlock.Trim();
        if (!inner.StartsWith('[') || !inner.EndsWith(']')) throw new FormatException("not an array: " + arrayBlock);
        inner = inner[1..^1];
        // Only plain literals: an expression or an interpolated item would be a name the tests cannot check.
        var rest = SingleQuoted().Replace(inner, "").Trim(' ', '\t', '\r', '\n', ',');
        if (rest.Length > 0) throw new FormatException("array items must be plain 'literals', found: " + rest);
        return SingleQuoted().Matches(inner).Select(m => m.Groups[1].Value).ToList();
    }

    /// <summary>Keys and (first line of) values of the top level of an object block <c>{ ... }</c>.</summary>
    public static IReadOnlyList<BicepEntry> TopLevelEntries(string objectBlock)
    {
        var text = new BicepText(objectBlock);
        var entries = new List<BicepEntry>();
        var depth = 0;
        var lineStart = true;
        for (var k = 0; k < text.Code.Length; k++)
        {
            var c = text.Code[k];
            if (c == '\n' && !text._inString[k]) { lineStart = true; continue; }
            if (lineStart && depth == 1 && !char.IsWhiteSpace(c))
            {
                var m = EntryStart().Match(text.Code, k);
                if (m.Success && m.Index == k)
                {
                    var lineEnd = text.Code.IndexOf('\n', k);
                    var value = text.Code[(k + m.Length)..(lineEnd < 0 ? text.Code.Length : lineEnd)].Trim();
                    entries.Add(new(m.Groups[1].Value.Trim('\''), value, k + m.Length));
                }
            }
            if (!char.IsWhiteSpace(c)) lineStart = false;
            if (text._inString[k]) continue;
            if (c is '{' or '[' or '(') depth++;
            else if (c is '}' or ']' or ')') depth--;
        }
        return entries;
    }

    /// <summary>The block value of the top-level property <paramref name="key"/> of an object block.</summary>
    public static string PropertyBlock(string objectBlock, string key)
    {
        var entry = TopLevelEntries(objectBlock).SingleOrDefault(e => e.Key == key)
            ?? throw new KeyNotFoundException($"no top-level '{key}:' in {objectBlock}");
        var text = new BicepText(objectBlock);
        return text.Block(text.NextOpen(entry.Offset));
    }

    /// <summary>The <c>params</c> entries of <c>module sym 'modules/{name}.bicep' = {...}</c>.</summary>
    public IReadOnlyList<BicepEntry> ModuleParams(string moduleName)
    {
        var call = Regex.Match(Code, $@"^\s*module\s+\w+\s+'modules/{Regex.Escape(moduleName)}\.bicep'\s*=", RegexOptions.Multiline);
        if (!call.Success) throw new KeyNotFoundException($"{Path}: no module 'modules/{moduleName}.bicep'");
        var body = Block(NextOpen(call.Index + call.Length));
        return TopLevelEntries(PropertyBlock(body, "params"));
    }

    /// <summary>The literal of <c>var name = 'literal'</c>.</summary>
    public string StringVariable(string name)
    {
        var m = Regex.Match(Code, $@"^\s*var\s+{Regex.Escape(name)}\s*=\s*'([^'\\$]*)'\s*$", RegexOptions.Multiline);
        if (!m.Success) throw new KeyNotFoundException($"{Path}: no 'var {name} = '<literal>''");
        return m.Groups[1].Value;
    }

    /// <summary>Every <c>resource sym 'type@version' [existing] = ...</c> declaration.</summary>
    public IReadOnlyList<ResourceDeclaration> Resources()
    {
        var list = new List<ResourceDeclaration>();
        foreach (Match m in ResourceHeader().Matches(Code))
        {
            var open = NextOpen(m.Index + m.Length);
            var body = Block(open);
            string? loopVariable = null, loopSource = null;
            var loop = LoopHeader().Match(body);
            if (loop.Success)
            {
                loopVariable = loop.Groups[1].Value;
                loopSource = loop.Groups[2].Value;
            }
            var objectBody = body.StartsWith('[') ? new BicepText(body).Block(new BicepText(body).NextOpen(1)) : body;
            var entries = TopLevelEntries(objectBody);
            list.Add(new ResourceDeclaration(
                m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Success,
                loopVariable, loopSource, entries, body, Path));
        }
        return list;
    }

    private static bool At(string s, int i, string token) =>
        string.CompareOrdinal(s, i, token, 0, token.Length) == 0;

    private static int MultiLineStringEnd(string s, int i)
    {
        var end = s.IndexOf("'''", i + 3, StringComparison.Ordinal);
        return end < 0 ? s.Length : end + 3;
    }

    private static int StringEnd(string s, int i)
    {
        var k = i + 1;
        while (k < s.Length)
        {
            if (s[k] == '\\') k += 2;
            else if (s[k] == '\'') return k + 1;
            else if (At(s, k, "${")) k = InterpolationEnd(s, k + 2);
            else k++;
        }
        return s.Length;
    }

    private static int InterpolationEnd(string s, int k)
    {
        var depth = 1;
        while (k < s.Length)
        {
            if (s[k] == '\'') { k = StringEnd(s, k); continue; }
            if (s[k] == '{') depth++;
            else if (s[k] == '}' && --depth == 0) return k + 1;
            k++;
        }
        return s.Length;
    }

    [GeneratedRegex(@"'([^'\\$]*)'")]
    private static partial Regex SingleQuoted();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*|'[^']*')\s*:")]
    private static partial Regex EntryStart();

    [GeneratedRegex(@"^\s*resource\s+(\w+)\s+'([^'@]+)@([^']+)'\s*(existing\s*)?=", RegexOptions.Multiline)]
    private static partial Regex ResourceHeader();

    [GeneratedRegex(@"^\[\s*for\s+\(?\s*(\w+)\s*(?:,\s*\w+\s*)?\)?\s+in\s+([\w.]+)\s*:")]
    private static partial Regex LoopHeader();
}

public sealed record ResourceDeclaration(
    string Symbol,
    string Type,
    string ApiVersion,
    bool IsExisting,
    string? LoopVariable,
    string? LoopSource,
    IReadOnlyList<BicepEntry> Entries,
    string Body,
    string File)
{
    public string? Entry(string key) => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    public override string ToString() => $"{System.IO.Path.GetFileName(File)}: {Symbol} '{Type}@{ApiVersion}'";
}

/// <summary>A top-level <c>key: value</c> of an object; Value is the rest of the key's line, Offset where it starts.</summary>
public sealed record BicepEntry(string Key, string Value, int Offset);
