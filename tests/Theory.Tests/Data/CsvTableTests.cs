using System.Text;
using Theory.Data;
using Xunit;

namespace Theory.Tests.Data;

public class CsvTableTests
{
    [Fact]
    public void Byte_order_mark_and_crlf_line_ends_are_not_part_of_the_data()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Recording,x\r\na,1\r\nb,2\r\n")];
        CsvTable t = CsvTable.Parse("t.csv", bytes);
        Assert.Equal(["Recording", "x"], t.Header);
        Assert.Equal(["a", "b"], t.Rows.Select(r => r[0]));
        Assert.Equal(["1", "2"], t.Rows.Select(r => r[1]));
        Assert.Equal([2, 3], t.Lines);
    }

    [Fact]
    public void Quoted_header_fields_keep_their_commas_and_quotes()
    {
        CsvTable t = CsvTable.Parse("t.csv", "Pr (before),\"q (mV, before)\",\"say \"\"hi\"\"\"\n1,2,3\n");
        Assert.Equal(["Pr (before)", "q (mV, before)", "say \"hi\""], t.Header);
        Assert.Equal(1, t.IndexOf("q (mV, before)"));
    }

    [Fact]
    public void Spaces_after_commas_and_a_trailing_comma_on_the_header_alone_are_accepted()
    {
        CsvTable t = CsvTable.Parse("ko.csv", "\"mean\", \"var\", \"foopsi_mean\",\n0.3, 0.2,0.0027\n");
        Assert.Equal(["mean", "var", "foopsi_mean"], t.Header);
        Assert.Equal([0.3], t.Numbers(0));
        Assert.Equal([0.0027], t.Numbers(2));
    }

    [Fact]
    public void Single_quoted_names_lose_their_quotes_and_leading_spaces()
    {
        CsvTable t = CsvTable.Parse("t.csv", "Recording,x\n    'EPSP_Sat_Sep_9_2000_5_to_6',1\n'',2\nplain,3\n");
        Assert.Equal(["EPSP_Sat_Sep_9_2000_5_to_6", "", "plain"], t.Names(0));
    }

    [Fact]
    public void Repeated_column_names_are_all_kept_in_order()
    {
        CsvTable t = CsvTable.Parse("t.csv", "w,x,w\n1,2,3\n");
        Assert.Equal(0, t.IndexOf("w"));
        Assert.Equal([0, 2], t.IndicesOf("w"));
    }

    [Fact]
    public void A_quoted_field_may_hold_a_line_break_and_later_rows_keep_their_line_numbers()
    {
        CsvTable t = CsvTable.Parse("t.csv", "a,b\n\"two\nlines\",1\nc,2\n");
        Assert.Equal("two\nlines", t.Rows[0][0]);
        Assert.Equal([2, 4], t.Lines);
    }

    [Fact]
    public void Blank_lines_are_skipped_but_counted()
    {
        CsvTable t = CsvTable.Parse("t.csv", "a,b\n\n1,2\n   \n3,4\n\n");
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal([3, 5], t.Lines);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", "t.csv:3: 1 fields, the header has 2.")]
    [InlineData("a,b\n1,2,\n", "t.csv:2: 3 fields, the header has 2.")]
    [InlineData("a,b\n\"1,2\n", "t.csv:2: a quoted field is never closed.")]
    [InlineData("a,b\n\"1\"x,2\n", "t.csv:2: 'x' after a closing quote; a quoted field must end at a comma or the line's end.")]
    [InlineData("a,b\n1\"2,3\n", "t.csv:2: a quote inside an unquoted field.")]
    [InlineData("", "t.csv: empty file, no header.")]
    [InlineData("a,,b\n1,2,3\n", "t.csv:1: column 2 of the header has no name.")]
    public void A_malformed_file_is_one_error_naming_file_and_line(string text, string message)
    {
        var e = Assert.Throws<CsvException>(() => CsvTable.Parse("t.csv", text));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_field_that_is_not_a_number_names_its_line_and_column()
    {
        CsvTable t = CsvTable.Parse("t.csv", "a,b\n1,2\n3,x1\n");
        Assert.Equal([1.0, 3.0], t.Numbers(0));
        Assert.Equal("t.csv:3: column 'b': 'x1' is not a finite number.", Assert.Throws<CsvException>(() => t.Numbers(1)).Message);
        Assert.Contains("'NaN' is not a finite number", Assert.Throws<CsvException>(() => CsvTable.Parse("t.csv", "a\nNaN\n").Numbers(0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_utf8_and_a_missing_file_are_refused_by_name()
    {
        Assert.Equal("t.csv: not UTF-8 text.", Assert.Throws<CsvException>(() => CsvTable.Parse("t.csv", [0x61, 0x0A, 0xFF, 0xFE])).Message);
        string missing = Path.Combine(Path.GetTempPath(), "no-such-dir-theory", "x.csv");
        Assert.StartsWith($"cannot read '{missing}'", Assert.Throws<CsvException>(() => CsvTable.Read(missing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_line_splits_by_the_same_rules_and_its_errors_name_the_line_given()
    {
        Assert.Equal(["a, b", "c", ""], CsvTable.SplitLine(" \"a, b\" , c,", "s", 7));
        Assert.Equal([""], CsvTable.SplitLine("   ", "s", 7));
        Assert.Equal("s:7: a quoted field is never closed.", Assert.Throws<CsvException>(() => CsvTable.SplitLine("\"x", "s", 7)).Message);
        Assert.Throws<ArgumentException>(() => CsvTable.SplitLine("a\nb", "s", 1));
    }

    [Fact]
    public void Require_names_the_file_and_the_columns_it_has()
    {
        CsvTable t = CsvTable.Parse("t.csv", "a,b\n1,2\n");
        Assert.Equal("t.csv: no column 'c' (columns: 'a', 'b').", Assert.Throws<CsvException>(() => t.Require("c")).Message);
    }
}
