using System.Globalization;

namespace Theory.Plasticity;

/// <summary>
/// The rule family of THEORY.md (13.2): dW_ij = sum over a, b, c in {0, 1, 2} of theta_abc x_i^a y_j^b W_ij^c, 27
/// coefficients indexed k = 9a + 3b + c and named by their exponents ("110" is x y, "021" is y^2 W).
/// </summary>
public static class PlasticityRule
{
    /// <summary>Number of coefficients.</summary>
    public const int Terms = 27;

    /// <summary>The exponents (a, b, c) of coefficient k.</summary>
    public static (int A, int B, int C) Exponents(int k) => (k / 9, k / 3 % 3, k % 3);

    /// <summary>The index of the term with exponents a, b, c.</summary>
    public static int Index(int a, int b, int c) => (9 * a) + (3 * b) + c;

    /// <summary>"abc", the term's name.</summary>
    public static string Label(int k)
    {
        (int a, int b, int c) = Exponents(k);
        return FormattableString.Invariant($"{a}{b}{c}");
    }

    /// <summary>The term as a product: "x y", "y^2 W", "1".</summary>
    public static string Monomial(int k)
    {
        (int a, int b, int c) = Exponents(k);
        static string Power(string v, int p) => p switch { 0 => string.Empty, 1 => v, _ => $"{v}^{p}" };
        string s = string.Join(' ', new[] { Power("x", a), Power("y", b), Power("W", c) }.Where(t => t.Length > 0));
        return s.Length == 0 ? "1" : s;
    }

    /// <summary>Oja's rule, x y - y^2 W: theta_110 = 1, theta_021 = -1.</summary>
    public static double[] Oja()
    {
        var theta = new double[Terms];
        theta[Index(1, 1, 0)] = 1;
        theta[Index(0, 2, 1)] = -1;
        return theta;
    }

    /// <summary>Plain Hebb, x y: theta_110 = 1.</summary>
    public static double[] Hebb()
    {
        var theta = new double[Terms];
        theta[Index(1, 1, 0)] = 1;
        return theta;
    }

    /// <summary>
    /// Reads a rule from CSV text with a header "term,theta" and one row per non-zero term ("021,-1"); terms not
    /// listed are 0. Throws <see cref="FormatException"/> naming the line for an unknown term, a duplicate or a
    /// non-number.
    /// </summary>
    public static double[] Parse(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var theta = new double[Terms];
        var seen = new HashSet<int>();
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        bool header = false;
        for (int l = 0; l < lines.Length; l++)
        {
            string line = lines[l].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] fields = [.. line.Split(',').Select(f => f.Trim().Trim('"'))];
            if (!header)
            {
                if (fields.Length != 2 || fields[0] != "term" || fields[1] != "theta")
                {
                    throw new FormatException($"{name}:{l + 1}: the header must be 'term,theta' (got '{Guard.Quote(line)}').");
                }

                header = true;
                continue;
            }

            if (fields.Length != 2)
            {
                throw new FormatException($"{name}:{l + 1}: 2 fields (term,theta) expected, got {fields.Length}.");
            }

            int k = TermIndex(fields[0]);
            if (k < 0)
            {
                throw new FormatException($"{name}:{l + 1}: unknown term '{Guard.Quote(fields[0])}'; a term is three digits abc, each 0, 1 or 2 (x^a y^b W^c).");
            }

            if (!seen.Add(k))
            {
                throw new FormatException($"{name}:{l + 1}: term {fields[0]} is given twice.");
            }

            if (!double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                throw new FormatException($"{name}:{l + 1}: theta '{Guard.Quote(fields[1])}' is not a finite number.");
            }

            theta[k] = v;
        }

        if (!header)
        {
            throw new FormatException($"{name}: empty rule file; it needs the header 'term,theta' and a row per non-zero term.");
        }

        return theta;
    }

    /// <summary>The index of a term named "abc", or -1.</summary>
    public static int TermIndex(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.Length != 3 || label.Any(ch => ch is < '0' or > '2'))
        {
            return -1;
        }

        return Index(label[0] - '0', label[1] - '0', label[2] - '0');
    }

    /// <summary>
    /// The terms the fit may use: "all", a degree range "MIN:MAX" (MIN &lt;= a + b + c &lt;= MAX, the authors' sweeps
    /// use 2:3), or a comma list of terms. Throws <see cref="FormatException"/> otherwise.
    /// </summary>
    public static int[] ParseTerms(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec == "all")
        {
            return [.. Enumerable.Range(0, Terms)];
        }

        string[] range = spec.Split(':');
        if (range.Length == 2 && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out int lo)
            && int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out int hi))
        {
            int[] byDegree = [.. Enumerable.Range(0, Terms).Where(k => Exponents(k) is var (a, b, c) && a + b + c >= lo && a + b + c <= hi)];
            return byDegree.Length > 0 ? byDegree : throw new FormatException($"--terms {spec} allows no term (degrees a + b + c run from 0 to 6).");
        }

        var terms = new List<int>();
        foreach (string t in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            int k = TermIndex(t);
            if (k < 0)
            {
                throw new FormatException($"--terms: unknown term '{Guard.Quote(t)}'; give all, MIN:MAX (degrees), or terms abc separated by commas.");
            }

            if (terms.Contains(k))
            {
                throw new FormatException($"--terms: term {t} is given twice.");
            }

            terms.Add(k);
        }

        return [.. terms.Order()];
    }
}
