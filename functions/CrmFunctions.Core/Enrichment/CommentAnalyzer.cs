using System.Globalization;
using System.Text;

namespace CrmFunctions.Core.Enrichment;

public enum Sentiment
{
    Neutral,
    Positive,
    Negative,
}

public enum TopicTone
{
    /// <summary>Named without a judgement we could read.</summary>
    Mentioned,
    /// <summary>A point the guest praised.</summary>
    Enchantment,
    /// <summary>A point the guest complained about.</summary>
    Irritant,
}

/// <summary>One topic found in a comment, with the words that gave it away (folded, as matched).</summary>
public sealed record TopicFinding(string Topic, TopicTone Tone, IReadOnlyList<string> Evidence);

/// <summary>What a comment says: its overall tone (the sum of its tone words, each ±1) and its topics, in order of appearance.</summary>
public sealed record CommentAnalysis(Sentiment Sentiment, int Score, IReadOnlyList<TopicFinding> Topics)
{
    public static CommentAnalysis Empty { get; } = new(Sentiment.Neutral, 0, []);

    public IReadOnlyList<string> Irritants => Topics.Where(t => t.Tone == TopicTone.Irritant).Select(t => t.Topic).ToList();
    public IReadOnlyList<string> Enchantments => Topics.Where(t => t.Tone == TopicTone.Enchantment).Select(t => t.Topic).ToList();
}

/// <summary>
/// Lexicon-based reading of French and English survey comments. A comment is cut into clauses (sentence
/// ends and contrast words such as "mais" / "but"); a negator up to <see cref="CommentLexiconOptions.NegationWindow"/>
/// words before a term turns it around ("pas propre", "n'était pas propre", "wasn't clean", "no noise"),
/// unless a comma stands between them. A topic named without a judgement takes the tone of its clause.
/// Build once and reuse: the lexicon is compiled in the constructor.
/// </summary>
public sealed class CommentAnalyzer
{
    public const string OtherMotive = "other";
    private const int MinPrefixLength = 3;

    private readonly Dictionary<string, List<Term>> byWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Term>> byPrefix = new(StringComparer.Ordinal);
    private readonly HashSet<string> negators;
    private readonly HashSet<string> clauseBreaks;
    private readonly int negationWindow;
    private readonly IReadOnlyList<string> topicIds;

    public CommentAnalyzer(CommentLexiconOptions? options = null)
    {
        options ??= new CommentLexiconOptions();
        negators = new HashSet<string>(options.Negators.Concat(options.AdditionalNegators).Select(FoldWord), StringComparer.Ordinal);
        clauseBreaks = new HashSet<string>(options.ClauseBreaks.Select(FoldWord), StringComparer.Ordinal);
        negationWindow = Math.Max(0, options.NegationWindow);

        var topics = new List<string>();
        var order = 0;
        void AddTopic(string topic, TopicTerms terms)
        {
            if (!topics.Contains(topic)) topics.Add(topic);
            foreach (var t in terms.Mentions) Add(t, topic, 0, order++);
            foreach (var t in terms.Positive) Add(t, topic, 1, order++);
            foreach (var t in terms.Negative) Add(t, topic, -1, order++);
        }
        foreach (var (topic, terms) in options.Topics) AddTopic(topic, terms);
        foreach (var (topic, terms) in options.AdditionalTopics) AddTopic(topic, terms);
        foreach (var t in options.Positive.Concat(options.AdditionalPositive)) Add(t, null, 1, order++);
        foreach (var t in options.Negative.Concat(options.AdditionalNegative)) Add(t, null, -1, order++);
        topicIds = topics;
    }

    /// <summary>The topics this analyzer knows, defaults and configured ones.</summary>
    public IReadOnlyList<string> Topics => topicIds;

    public CommentAnalysis Analyze(string? comment)
    {
        if (string.IsNullOrWhiteSpace(comment)) return CommentAnalysis.Empty;
        var tokens = Tokenize(comment);
        var score = 0;
        var findings = new List<(string Topic, int Tone, List<string> Evidence)>();

        foreach (var clause in Clauses(tokens))
        {
            var hits = Match(tokens, clause.Start, clause.End);
            var clauseTone = hits.Where(h => h.Term.Topic is null).Sum(h => h.Polarity);
            score += hits.Sum(h => h.Polarity);
            foreach (var hit in hits)
            {
                if (hit.Term.Topic is not { } topic) continue;
                var tone = hit.Term.Polarity == 0 ? Math.Sign(clauseTone) : hit.Polarity;
                var index = findings.FindIndex(f => f.Topic == topic);
                if (index < 0)
                {
                    findings.Add((topic, tone, [hit.Text]));
                }
                else
                {
                    var found = findings[index];
                    found.Evidence.Add(hit.Text);
                    findings[index] = (topic, found.Tone + tone, found.Evidence);
                }
            }
        }

        var sentiment = score > 0 ? Sentiment.Positive : score < 0 ? Sentiment.Negative : Sentiment.Neutral;
        return new CommentAnalysis(sentiment, score, findings
            .Select(f => new TopicFinding(f.Topic, f.Tone > 0 ? TopicTone.Enchantment : f.Tone < 0 ? TopicTone.Irritant : TopicTone.Mentioned, f.Evidence.Distinct().ToList()))
            .ToList());
    }

    /// <summary>
    /// The motives of a complaint, read from its reason the way comments are read: the topics blamed, else
    /// the topics named, else a reason that is itself a topic id ("noise", "check_in_wait"), else the comment's
    /// irritants; "other" when nothing is recognised.
    /// </summary>
    public IReadOnlyList<string> ComplaintMotives(string? reason, string? comment = null)
    {
        var fromReason = Analyze(reason);
        if (fromReason.Irritants.Count > 0) return fromReason.Irritants;
        if (fromReason.Topics.Count > 0) return fromReason.Topics.Select(t => t.Topic).ToList();
        var code = string.Join('-', FoldedWords(reason ?? string.Empty));
        if (topicIds.FirstOrDefault(t => string.Equals(string.Join('-', FoldedWords(t)), code, StringComparison.Ordinal)) is { } topic)
            return [topic];
        var fromComment = Analyze(comment);
        return fromComment.Irritants.Count > 0 ? fromComment.Irritants : [OtherMotive];
    }

    private void Add(string text, string? topic, int polarity, int order)
    {
        var parts = new List<(string folded, bool prefix)>();
        foreach (var raw in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var stem = raw.EndsWith('*');
            var folded = FoldedWords(raw.TrimEnd('*'));
            for (var k = 0; k < folded.Count; k++) parts.Add((folded[k], stem && k == folded.Count - 1));
        }
        var words = parts.ToArray();
        if (words.Length == 0) return;
        if (words.Any(w => w.prefix && w.folded.Length < MinPrefixLength))
            throw new ArgumentException($"Lexicon term '{text}': a word ending in * needs at least {MinPrefixLength} letters before the star.");
        var term = new Term(
            words.Select(w => w.folded).ToArray(),
            words.Select(w => w.prefix).ToArray(),
            topic,
            polarity,
            words.Any(w => negators.Contains(w.folded)),
            order,
            string.Join(' ', words.Select(w => w.prefix ? w.folded + "*" : w.folded)));
        var first = words[0];
        var map = first.prefix ? byPrefix : byWord;
        var key = first.prefix ? first.folded[..MinPrefixLength] : first.folded;
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Any(t => t.Pattern == term.Pattern && t.Topic == topic)) list.Add(term);
    }

    private List<Hit> Match(List<Token> tokens, int start, int end)
    {
        var hits = new List<Hit>();
        var i = start;
        var lastHitEnd = start;
        while (i < end)
        {
            var best = BestTermAt(tokens, i, end);
            if (best is null)
            {
                i++;
                continue;
            }
            var negated = !best.ContainsNegator && IsNegated(tokens, i, lastHitEnd);
            hits.Add(new Hit(best, negated ? -best.Polarity : best.Polarity,
                string.Join(' ', tokens.Skip(i).Take(best.Words.Length).Select(t => t.Word))));
            i += best.Words.Length;
            lastHitEnd = i;
        }
        return hits;
    }

    private Term? BestTermAt(List<Token> tokens, int i, int end)
    {
        var word = tokens[i].Word;
        Term? best = null;
        void Consider(List<Term>? candidates)
        {
            if (candidates is null) return;
            foreach (var term in candidates)
            {
                if (!Matches(term, tokens, i, end)) continue;
                if (best is null || Better(term, best)) best = term;
            }
        }
        byWord.TryGetValue(word, out var exact);
        Consider(exact);
        if (word.Length >= MinPrefixLength && byPrefix.TryGetValue(word[..MinPrefixLength], out var prefixed)) Consider(prefixed);
        return best;
    }

    // Longer phrases first; then an exact word over a stem, a longer stem over a shorter; then lexicon order.
    private static bool Better(Term candidate, Term current)
    {
        if (candidate.Words.Length != current.Words.Length) return candidate.Words.Length > current.Words.Length;
        var candidateSpecificity = candidate.Prefix[0] ? candidate.Words[0].Length : int.MaxValue;
        var currentSpecificity = current.Prefix[0] ? current.Words[0].Length : int.MaxValue;
        if (candidateSpecificity != currentSpecificity) return candidateSpecificity > currentSpecificity;
        return candidate.Order < current.Order;
    }

    private static bool Matches(Term term, List<Token> tokens, int i, int end)
    {
        if (i + term.Words.Length > end) return false;
        for (var k = 0; k < term.Words.Length; k++)
        {
            var word = tokens[i + k].Word;
            var ok = term.Prefix[k] ? word.StartsWith(term.Words[k], StringComparison.Ordinal) : word == term.Words[k];
            if (!ok) return false;
        }
        return true;
    }

    // A negator reaches back no further than the previous term: "not clean and smelly" negates "clean" only.
    private bool IsNegated(List<Token> tokens, int i, int reachStart)
    {
        var scope = tokens[i].Scope;
        for (var k = i - 1; k >= Math.Max(reachStart, i - negationWindow); k--)
        {
            if (tokens[k].Scope != scope) return false;
            if (negators.Contains(tokens[k].Word)) return true;
        }
        return false;
    }

    private IEnumerable<(int Start, int End)> Clauses(List<Token> tokens)
    {
        var start = 0;
        for (var i = 1; i <= tokens.Count; i++)
        {
            if (i < tokens.Count && tokens[i].Clause == tokens[start].Clause) continue;
            yield return (start, i);
            start = i;
        }
    }

    private readonly record struct Token(string Word, int Clause, int Scope);

    private sealed record Term(string[] Words, bool[] Prefix, string? Topic, int Polarity, bool ContainsNegator, int Order, string Pattern);

    private sealed record Hit(Term Term, int Polarity, string Text);

    private List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var expanded = ExpandContractions(text);
        var decomposed = expanded.Normalize(NormalizationForm.FormKD);
        var word = new StringBuilder();
        int clause = 0, scope = 0;

        void Flush()
        {
            if (word.Length == 0) return;
            var w = word.ToString();
            word.Clear();
            if (clauseBreaks.Contains(w))
            {
                clause++;
                scope++;
                return;
            }
            tokens.Add(new Token(w, clause, scope));
        }

        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(ch))
            {
                AppendFolded(word, char.ToLowerInvariant(ch));
                continue;
            }
            Flush();
            if (ch is '.' or '!' or '?' or ';' or '\n' or '\r' or '\u2026')
            {
                clause++;
                scope++;
            }
            else if (ch is ',' or ':' or '(' or ')' or '\u2013' or '\u2014')
            {
                scope++;
            }
        }
        Flush();
        return tokens;
    }

    private static string FoldWord(string word) => string.Concat(FoldedWords(word));

    /// <summary>Lowercase, accent-free words of a text, split at anything not a letter or digit ("n'était" → "n", "etait").</summary>
    private static List<string> FoldedWords(string text)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        foreach (var ch in ExpandContractions(text).Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(ch))
            {
                AppendFolded(sb, char.ToLowerInvariant(ch));
            }
            else if (sb.Length > 0)
            {
                words.Add(sb.ToString());
                sb.Clear();
            }
        }
        if (sb.Length > 0) words.Add(sb.ToString());
        return words;
    }

    private static void AppendFolded(StringBuilder sb, char ch)
    {
        switch (ch)
        {
            case 'œ': sb.Append("oe"); break;
            case 'æ': sb.Append("ae"); break;
            case 'ß': sb.Append("ss"); break;
            default: sb.Append(ch); break;
        }
    }

    // "wasn't" → "was not", "can't" → "can not", "won't" → "will not": the negation becomes a word of its own.
    private static string ExpandContractions(string text)
    {
        if (text.IndexOf('\'') < 0 && text.IndexOf('\u2019') < 0 && !text.Contains("cannot", StringComparison.OrdinalIgnoreCase)) return text;
        var s = text.Replace('\u2019', '\'');
        s = s.Replace("won't", "will not", StringComparison.OrdinalIgnoreCase)
            .Replace("can't", "can not", StringComparison.OrdinalIgnoreCase)
            .Replace("cannot", "can not", StringComparison.OrdinalIgnoreCase)
            .Replace("n't", " not", StringComparison.OrdinalIgnoreCase);
        return s;
    }
}
