using System.Globalization;
using System.Text;
using CrmFunctions.Core.Normalization;

namespace CrmFunctions.Core.Tests.Normalization;

/// <summary>Clean and Fold skip Unicode normalization for Latin text; they must still give what the definitions give.</summary>
public class TextFoldingTests
{
    // The definitions, written the plain way.
    private static string ReferenceFold(string value)
    {
        var sb = new StringBuilder();
        var pendingSpace = false;
        foreach (var ch in value.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (ch is '\'' or '\u2019' or '`' or '\u00B4') continue;
            if (!char.IsLetterOrDigit(ch))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && sb.Length > 0) sb.Append(' ');
            pendingSpace = false;
            sb.Append(char.ToLowerInvariant(ch) switch
            {
                'ß' => "ss", 'æ' => "ae", 'œ' => "oe", 'ø' => "o", 'ł' => "l", 'đ' => "d", 'ð' => "d", 'þ' => "th", 'ı' => "i",
                var c => c.ToString(),
            });
        }
        return sb.ToString();
    }

    private static string ReferenceClean(string value)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var ch in value.Normalize(NormalizationForm.FormKC) + " ")
        {
            if (!char.IsWhiteSpace(ch) && !char.IsControl(ch))
            {
                word.Append(ch);
                continue;
            }
            if (word.Length > 0) words.Add(word.ToString());
            word.Clear();
        }
        return string.Join(' ', words);
    }

    public static TheoryData<string> Samples => new()
    {
        "Élodie", "de la Tour", "MÜLLER", "Jean-Luc", "O'Neil", "O’Neil", "Łukasz Żółć", "Søren Ærø", "Straße", "Œuvre",
        "François-Xavier  d'Aubigné", " Ñúñez ", "Ĳsselmeer", "ŉ", "ſ", "Ŀlum", "µ", "ª º", "½ ¼", "×÷", "São João",
        "e\u0301lodie", "Dvořák", "İstanbul", "Ångström", "Þór", "Ðakovo", "x\u00A0y", "tab\there", "a´b", "`quoted`",
        "12, rue de l'Église", "ǅemal", "ǆ", "Ǳ", "ȘTEFĂNESCU", "Ţară", "ƒ", "ȸ",
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Fold_and_clean_agree_with_their_definitions(string value)
    {
        Assert.Equal(ReferenceFold(value), Text.Fold(value));
        Assert.Equal(ReferenceClean(value), Text.Clean(value));
    }

    [Fact]
    public void Every_latin_letter_folds_as_defined()
    {
        for (var c = '\u00A0'; c <= '\u024F'; c++)
        {
            var word = "a" + c + "b " + c;
            Assert.Equal(ReferenceFold(word), Text.Fold(word));
            Assert.Equal(ReferenceClean(word), Text.Clean(word));
        }
    }
}
