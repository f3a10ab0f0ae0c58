// Field-level parsing of the CSV reader: records into field ranges, and numbers straight from the
// bytes (no String per numeric field). Every double is the one strtod gives for the field's text.
import Foundation
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

extension CSVReader {
    /// A field's byte range (`start..<end`, quotes removed) and whether it held a doubled quote.
    struct Field {
        var start: Int
        var end: Int
        var escapedQuotes: Bool
    }

    static let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")

    /// Reads one record starting at `position` (before `end`); returns the fields and the position
    /// after its line end. A blank line gives an empty field list. Quotes open a quoted field only
    /// at a field's start (RFC 4180; a quote inside an unquoted field is literal, as in pandas),
    /// inside quotes a doubled quote is one quote and separators and line ends are text.
    static func nextRecord(_ bytes: UnsafePointer<UInt8>, _ position: Int, _ end: Int,
                           _ separator: UInt8, _ fields: inout [Field]) -> Int {
        fields.removeAll(keepingCapacity: true)
        var p = position
        if p < end, bytes[p] == newline || bytes[p] == carriage {
            if bytes[p] == carriage, p + 1 < end, bytes[p + 1] == newline { p += 1 }
            return p + 1
        }
        while true {
            if p < end, bytes[p] == quote {
                p += 1
                let start = p
                var escaped = false
                while p < end {
                    if bytes[p] == quote {
                        if p + 1 < end, bytes[p + 1] == quote { escaped = true; p += 2; continue }
                        break
                    }
                    p += 1
                }
                fields.append(Field(start: start, end: Swift.min(p, end), escapedQuotes: escaped))
                p += 1  // closing quote
                while p < end, bytes[p] != separator, bytes[p] != newline, bytes[p] != carriage { p += 1 }
            } else {
                let start = p
                while p < end, bytes[p] != separator, bytes[p] != newline, bytes[p] != carriage { p += 1 }
                fields.append(Field(start: start, end: p, escapedQuotes: false))
            }
            if p < end, bytes[p] == separator { p += 1; continue }
            if p < end, bytes[p] == carriage { p += 1 }
            if p < end, bytes[p] == newline { p += 1 }
            return Swift.min(p, end)
        }
    }

    static func string(_ bytes: UnsafePointer<UInt8>, _ field: Field) -> String {
        let text = String(decoding: UnsafeBufferPointer(start: bytes + field.start, count: field.end - field.start), as: UTF8.self)
        return field.escapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// pandas' default missing-value markers.
    static let missingMarkers: Set<String> = ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
                                               "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None",
                                               "n/a", "nan", "null"]

    /// Whether `text` is one of pandas' missing markers (all at most 8 bytes: longer text skips
    /// the hash lookup).
    @inline(__always)
    static func isMissingMarker(_ text: String) -> Bool {
        text.utf8.count <= 8 && missingMarkers.contains(text)
    }

    /// Powers of ten exactly representable as doubles.
    static let exactPowersOfTen: [Double] = (0...22).map { Foundation.pow(10.0, Double($0)) }

    /// `[-]digits[.digits]` with at most 15 significant digits, computed exactly as
    /// `mantissa / 10^k` (one correctly rounded division, so the same double strtod gives).
    @inline(__always)
    static func parseShortDecimal(_ bytes: UnsafePointer<UInt8>, _ field: Field) -> Double? {
        var p = field.start
        let end = field.end
        guard p < end else { return nil }
        let negative = bytes[p] == UInt8(ascii: "-")
        if negative || bytes[p] == UInt8(ascii: "+") { p += 1 }
        var mantissa = 0, digits = 0, fraction = -1
        while p < end {
            let byte = bytes[p]
            if byte == UInt8(ascii: "."), fraction < 0 {
                fraction = 0
            } else {
                let digit = Int(byte) &- 48
                guard digit >= 0, digit <= 9 else { return nil }
                if digits >= 15 { return nil }
                mantissa = mantissa * 10 + digit
                digits += 1
                if fraction >= 0 { fraction += 1 }
            }
            p += 1
        }
        guard digits > 0, fraction <= 22 else { return nil }
        let value = Double(mantissa) / exactPowersOfTen[Swift.max(fraction, 0)]
        return negative ? -value : value
    }

    /// An optional sign and 1 to 18 digits; nil otherwise. `isNegativeZero` tells "-0" (whose
    /// float reading is -0.0) from "0".
    @inline(__always)
    static func parseInteger(_ bytes: UnsafePointer<UInt8>, _ field: Field) -> (value: Int, isNegativeZero: Bool)? {
        var p = field.start
        let end = field.end
        guard p < end else { return nil }
        var negative = false
        if bytes[p] == UInt8(ascii: "-") || bytes[p] == UInt8(ascii: "+") {
            negative = bytes[p] == UInt8(ascii: "-")
            p += 1
        }
        guard p < end, end - p <= 18 else { return nil }
        var value = 0
        while p < end {
            let digit = Int(bytes[p]) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
            p += 1
        }
        return (negative ? -value : value, negative && value == 0)
    }

    /// strtod over the field's bytes copied with a terminator (the mapped file has none);
    /// nil unless the whole field is a number that starts with a digit, sign or point.
    static func strtodField(_ bytes: UnsafePointer<UInt8>, _ field: Field) -> Double? {
        let length = field.end - field.start
        guard length > 0, length < 4096 else { return nil }
        let first = bytes[field.start]
        // strtod also accepts "inf"/"nan"/hex words; pandas' missing markers are checked apart.
        guard (first >= 48 && first <= 57) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") else { return nil }
        for offset in 0..<length {  // strtod reads hexadecimal ("0x1A"); pandas keeps it as text
            let byte = bytes[field.start + offset] | 0x20
            if byte == UInt8(ascii: "x") || byte == UInt8(ascii: "p") { return nil }
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            UnsafeMutableRawPointer(base).copyMemory(from: bytes + field.start, byteCount: length)
            base[length] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &stop)
            guard let stop, stop == base + length else { return nil }
            return value
        }
    }

    /// What a field holds when read as a float.
    enum FloatReading {
        case number(Double)
        case text(String)
    }

    /// A float from the field's bytes (strtod's value), NaN for a missing marker, else its text.
    static func parseDouble(_ bytes: UnsafePointer<UInt8>, _ field: Field) -> FloatReading {
        if field.start == field.end { return .number(.nan) }
        if !field.escapedQuotes {
            if let quick = parseShortDecimal(bytes, field) { return .number(quick) }
            if let value = strtodField(bytes, field) { return .number(value) }
        }
        let text = string(bytes, field)
        if isMissingMarker(text) { return .number(.nan) }
        return .text(text)
    }
}

// Eight bytes at a time (SWAR): digit runs and the next separator or line end, without a branch
// per byte. Loads read only inside the data (`p + 8 <= end`); the last bytes go one at a time.
extension CSVReader {
    /// 10^n for n in 0...19 (a switch over literals: no lazily initialised table in the loop).
    @inline(__always)
    static func powerOfTen(_ n: Int) -> UInt64 {
        switch n {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        case 9: return 1_000_000_000
        case 10: return 10_000_000_000
        case 11: return 100_000_000_000
        case 12: return 1_000_000_000_000
        case 13: return 10_000_000_000_000
        case 14: return 100_000_000_000_000
        case 15: return 1_000_000_000_000_000
        case 16: return 10_000_000_000_000_000
        case 17: return 100_000_000_000_000_000
        case 18: return 1_000_000_000_000_000_000
        default: return 10_000_000_000_000_000_000
        }
    }

    /// The ASCII digits starting at `p`: their value (wrapping past 19 digits; callers reject
    /// long runs by `count`) and how many there are.
    @inline(__always)
    static func digitRun(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (value: UInt64, count: Int) {
        var p = start
        var value: UInt64 = 0
        while p + 8 <= end {
            let x = UInt64(littleEndian: UnsafeRawPointer(bytes + p).loadUnaligned(as: UInt64.self))
            let t = x ^ 0x3030_3030_3030_3030  // digits become 0...9
            // A byte's high bit is set exactly when it is not a digit (carries only start at a
            // non-digit, so the lowest flagged byte is the first non-digit).
            let flags = ((t &+ 0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080
            let n = flags == 0 ? 8 : flags.trailingZeroBitCount >> 3
            if n == 0 { return (value, p - start) }
            var v = t << UInt64((8 - n) << 3)  // the n digits in the top bytes, zeros below
            v = ((v & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8
            v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
            v = ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
            value = value &* powerOfTen(n) &+ v
            p += n
            if n < 8 { return (value, p - start) }
        }
        while p < end {
            let digit = bytes[p] &- 48
            if digit > 9 { break }
            value = value &* 10 &+ UInt64(digit)
            p += 1
        }
        return (value, p - start)
    }

    /// The position of the first separator, `\n` or `\r` at or after `p` (or `end`).
    @inline(__always)
    static func fieldEnd(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, separator: UInt8) -> Int {
        var p = start
        #if arch(x86_64)
        // SSE2, sixteen bytes per step.
        let separators16 = _mm_set1_epi8(CChar(bitPattern: separator))
        let newlines16 = _mm_set1_epi8(0x0A), carriages16 = _mm_set1_epi8(0x0D)
        while p + 16 <= end {
            let v = UnsafeRawPointer(bytes + p).loadUnaligned(as: __m128i.self)
            let hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, separators16), _mm_cmpeq_epi8(v, newlines16)),
                                    _mm_cmpeq_epi8(v, carriages16))
            let mask = _mm_movemask_epi8(hits)
            if mask != 0 { return p + mask.trailingZeroBitCount }
            p += 16
        }
        #endif
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let separators = ones &* UInt64(separator), newlines = ones &* 0x0A, carriages = ones &* 0x0D
        while p + 8 <= end {
            let x = UInt64(littleEndian: UnsafeRawPointer(bytes + p).loadUnaligned(as: UInt64.self))
            let a = x ^ separators, b = x ^ newlines, c = x ^ carriages
            // Zero-byte test: exact for the lowest zero byte, which is all we need.
            let found = (((a &- ones) & ~a) | ((b &- ones) & ~b) | ((c &- ones) & ~c)) & highs
            if found != 0 { return p + (found.trailingZeroBitCount >> 3) }
            p += 8
        }
        while p < end {
            let byte = bytes[p]
            if byte == separator || byte == newline || byte == carriage { return p }
            p += 1
        }
        return end
    }
}
