namespace Theory.Tests.Bound;

/// <summary>A minimal double-double (about 32 digits) for reference values in the tests.</summary>
internal readonly record struct DoubleDouble(double Hi, double Lo)
{
    public static implicit operator DoubleDouble(double x) => new(x, 0);

    public double Value => Hi + Lo;

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        double s = a.Hi + b.Hi;
        double v = s - a.Hi;
        double e = (a.Hi - (s - v)) + (b.Hi - v) + a.Lo + b.Lo;
        double hi = s + e;
        return new DoubleDouble(hi, e - (hi - s));
    }

    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);

    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + -b;

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        double p = a.Hi * b.Hi;
        double e = Math.FusedMultiplyAdd(a.Hi, b.Hi, -p) + a.Hi * b.Lo + a.Lo * b.Hi;
        double hi = p + e;
        return new DoubleDouble(hi, e - (hi - p));
    }

    public static DoubleDouble operator /(DoubleDouble a, double b)
    {
        double q1 = a.Hi / b;
        DoubleDouble r = a - (DoubleDouble)q1 * b;
        double q2 = r.Hi / b;
        return new DoubleDouble(q1, 0) + q2;
    }

    /// <summary>e^y - 1 - y = sum_{k>=2} y^k / k!, for |y| &lt;= 40.</summary>
    public static DoubleDouble ExpM1MinusX(DoubleDouble y)
    {
        DoubleDouble term = y * y / 2, sum = term;
        for (int k = 3; k < 400; k++)
        {
            term = term * y / k;
            sum += term;
            if (Math.Abs(term.Hi) < 1e-40 * Math.Abs(sum.Hi))
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>-log1p(d) = sum_{k>=1} (-d)^k / k, for |d| &lt; 0.3.</summary>
    public static DoubleDouble NegLog1p(double d)
    {
        DoubleDouble power = -d, sum = power;
        for (int k = 2; k < 200; k++)
        {
            power *= -d;
            sum += power / k;
        }

        return sum;
    }
}
