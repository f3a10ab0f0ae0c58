import Foundation
import Tensor

/// pandas' printed forms (display defaults: max_rows 60, min_rows 10, precision 6,
/// max_colwidth 50, show_dimensions 'truncate'): the text table of `repr(df)`, the HTML table
/// of a notebook, and `repr(series)`. Wide frames are not wrapped or elided by columns.
public enum FrameFormatter {
    static let maximumRows = 60, minimumRows = 10, precision = 6, maximumColumnWidth = 50

    // MARK: Cells

    /// pandas' float column formatting: `'{: .6f}'`, trailing zeros trimmed together (keeping
    /// one), scientific `'{: .6e}'` when a value would show as 0 or values are long and > 1e6.
    static func formatFloats(_ values: [Double], leadingSpace: Bool) -> [String] {
        func fixed(_ v: Double) -> String { v.isNaN ? "NaN" : String(format: leadingSpace ? "% .6f" : "%.6f", v) }
        func scientific(_ v: Double) -> String { v.isNaN ? "NaN" : String(format: leadingSpace ? "% .6e" : "%.6e", v) }
        var out = values.map(fixed)
        out = trimZeros(out)
        let tooLong = (out.map(\.count).max() ?? 0) > precision + 6
        let finite = values.filter { $0.isFinite }.map { Swift.abs($0) }
        let hasLarge = finite.contains { $0 > 1e6 }
        let hasSmall = finite.contains { $0 < 1e-6 && $0 > 0 }
        if hasSmall || (tooLong && hasLarge) { out = values.map(scientific) }
        return out.map { $0 == "inf" || $0 == " inf" ? (leadingSpace ? " inf" : "inf") : $0 }
    }

    private static func isDecimalNumber(_ s: String) -> Bool {
        var body = Substring(s).drop { $0 == " " }
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard let dot = body.firstIndex(of: ".") else { return false }
        let whole = body[..<dot], fraction = body[body.index(after: dot)...]
        return !whole.isEmpty && whole.allSatisfy { $0.isASCII && $0.isNumber } && fraction.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// pandas' `_trim_zeros_float`.
    static func trimZeros(_ strings: [String]) -> [String] {
        var trimmed = strings
        while true {
            let numbers = trimmed.filter(isDecimalNumber)
            guard !numbers.isEmpty, numbers.allSatisfy({ $0.hasSuffix("0") }) else { break }
            trimmed = trimmed.map { isDecimalNumber($0) ? String($0.dropLast()) : $0 }
        }
        return trimmed.map { isDecimalNumber($0) && $0.hasSuffix(".") ? $0 + "0" : $0 }
    }

    /// Cell texts of a column (before justification), pandas' `format_array`.
    static func cellTexts(_ values: NDArray, leadingSpace: Bool) -> [String] {
        let lead = leadingSpace ? " " : ""
        switch values.storage {
        case .float64(let a): return formatFloats(a, leadingSpace: leadingSpace)
        case .float32(let a): return formatFloats(a.map(Double.init), leadingSpace: leadingSpace)
        case .int64(let a): return a.map { lead + String($0) }
        case .bool(let a): return a.map { lead + ($0 ? "True" : "False") }
        case .string(let a): return a.map { lead + $0 }
        }
    }

    /// pandas' `_make_fixed_width`: right-justified, values longer than max_colwidth cut with `...`.
    static func fixedWidth(_ strings: [String], minimum: Int = 0) -> [String] {
        guard !strings.isEmpty else { return strings }
        var width = Swift.max(strings.map(\.count).max() ?? 0, minimum)
        width = Swift.min(width, maximumColumnWidth)
        return strings.map { s in
            let cut = s.count > width ? String(s.prefix(width - 3)) + "..." : s
            return rightJustify(cut, width)
        }
    }

    static func rightJustify(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    static func leftJustify(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// Python's `str.center`.
    static func center(_ s: String, _ width: Int) -> String {
        let margin = width - s.count
        guard margin > 0 else { return s }
        let left = margin / 2 + (margin & width & 1)
        return String(repeating: " ", count: left) + s + String(repeating: " ", count: margin - left)
    }

    /// An index label as pandas prints it.
    public static func labelText(_ scalar: NDArrayScalar) -> String {
        switch scalar {
        case .float64(let d): return NDArrayFormatter.pythonRepr(d)
        case .float32(let f): return NDArrayFormatter.shortest(f)
        case .int64(let i): return String(i)
        case .bool(let b): return b ? "True" : "False"
        case .string(let s): return s
        }
    }

    /// pandas' `adjoin(space, columns…)`: every column left-justified to its width (+ space).
    static func adjoin(_ space: Int, _ columns: [[String]]) -> [String] {
        let rows = columns.map(\.count).max() ?? 0
        var lines = [String](repeating: "", count: rows)
        for (k, column) in columns.enumerated() {
            let width = (column.map(\.count).max() ?? 0) + (k < columns.count - 1 ? space : 0)
            let padded = [String](repeating: String(repeating: " ", count: width), count: rows - column.count)
                + column.map { leftJustify($0, width) }
            for r in 0..<rows { lines[r] += padded[r] }
        }
        return lines
    }

    /// Row positions shown: all, or the first and last `min_rows / 2` when over `max_rows`.
    static func shownRows(_ count: Int) -> (positions: [Int], truncatedAt: Int?) {
        guard count > maximumRows else { return (Array(0..<count), nil) }
        let half = minimumRows / 2
        return (Array(0..<half) + Array((count - half)..<count), half)
    }

    // MARK: DataFrame

    /// `repr(df)`: the aligned text table (and `[N rows x M columns]` when rows were elided).
    public static func text(_ frame: DataFrame) -> String {
        let (positions, cut) = shownRows(frame.rowCount)
        let shown = frame.taking(rows: positions)
        var indexColumn = [""] + (0..<shown.rowCount).map { labelText(shown.index.label(at: $0)) }
        let indexWidth = indexColumn.map(\.count).max() ?? 0
        indexColumn = indexColumn.map { leftJustify($0, indexWidth) }
        var strcols = [indexColumn]
        for (k, name) in shown.columnNames.enumerated() {
            let numeric = shown.columns[k].dtype != .string
            let header = (numeric ? " " : "") + name
            let cells = fixedWidth(cellTexts(shown.columns[k], leadingSpace: true), minimum: header.count)
            let width = Swift.max(cells.map(\.count).max() ?? 0, header.count)
            strcols.append([rightJustify(header, width)] + cells)
        }
        if let cut = cut {
            for k in strcols.indices {
                let width = strcols[k][cut + 1].count
                let dots = width > 3 ? "..." : ".."
                strcols[k].insert(k == 0 ? leftJustify(dots, width) : rightJustify(dots, width), at: cut + 1)
            }
        }
        var result = adjoin(1, strcols).joined(separator: "\n")
        if frame.columns.isEmpty {
            result = "Empty DataFrame\nColumns: []\nIndex: [\((0..<frame.rowCount).map(String.init).joined(separator: ", "))]"
        }
        if cut != nil { result += "\n\n[\(frame.rowCount) rows x \(frame.columns.count) columns]" }
        return result
    }

    static func escapeHTML(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The notebook HTML table (`DataFrame._repr_html_`), with pandas' scoped style block.
    public static func html(_ frame: DataFrame) -> String {
        let (positions, cut) = shownRows(frame.rowCount)
        let shown = frame.taking(rows: positions)
        let cells = shown.columns.map { cellTexts($0, leadingSpace: true).map { $0.trimmingCharacters(in: .whitespaces) } }
        var html = """
        <div>
        <style scoped>
            .dataframe tbody tr th:only-of-type {
                vertical-align: middle;
            }

            .dataframe tbody tr th {
                vertical-align: top;
            }

            .dataframe thead th {
                text-align: right;
            }
        </style>
        <table border="1" class="dataframe">
          <thead>
            <tr style="text-align: right;">
              <th></th>

        """
        for name in shown.columnNames { html += "      <th>\(escapeHTML(name))</th>\n" }
        html += "    </tr>\n  </thead>\n  <tbody>\n"
        func row(_ label: String, _ values: [String]) {
            html += "    <tr>\n      <th>\(escapeHTML(label))</th>\n"
            for v in values { html += "      <td>\(escapeHTML(v))</td>\n" }
            html += "    </tr>\n"
        }
        for r in 0..<shown.rowCount {
            if r == cut { row("...", shown.columns.map { _ in "..." }) }
            row(labelText(shown.index.label(at: r)), cells.map { $0[r] })
        }
        html += "  </tbody>\n</table>\n"
        if cut != nil { html += "<p>\(frame.rowCount) rows × \(frame.columns.count) columns</p>\n" }
        html += "</div>"
        return html
    }

    // MARK: Series

    /// `repr(series)`: index and values, then `Name: …, Length: …, dtype: …`.
    public static func text(_ series: Series) -> String {
        let (positions, cut) = shownRows(series.count)
        let shown = series.taking(positions)
        var index = (0..<shown.count).map { labelText(shown.index.label(at: $0)) }
        let indexWidth = index.map(\.count).max() ?? 0
        index = index.map { leftJustify($0, indexWidth) }
        var values = fixedWidth(cellTexts(shown.values, leadingSpace: true))
        if let cut = cut {
            let width = values[cut - 1].count
            values.insert(center(width > 3 ? "..." : "..", width), at: cut)
            index.insert("", at: cut)
        }
        var lines = adjoin(3, [index, values])
        if series.count == 0 { lines = ["Series([], \(footer(series, truncated: false)))"] ; return lines[0] }
        if let name = series.index.name { lines.insert(name, at: 0) }
        return (lines + [footer(series, truncated: cut != nil)]).joined(separator: "\n")
    }

    static func footer(_ series: Series, truncated: Bool) -> String {
        var parts: [String] = []
        if let name = series.name { parts.append("Name: \(name)") }
        if truncated { parts.append("Length: \(series.count)") }
        parts.append("dtype: \(series.dtypeName)")
        return parts.joined(separator: ", ")
    }
}

extension DataFrame: CustomStringConvertible {
    /// pandas' `repr(df)`.
    public var description: String { FrameFormatter.text(self) }
}

extension Series: CustomStringConvertible {
    /// pandas' `repr(series)`.
    public var description: String { FrameFormatter.text(self) }
}
