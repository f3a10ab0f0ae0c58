import Foundation
import Tensor

/// pandas' `DataFrame`: ordered, named columns of equal length (each a 1-D `NDArray` with
/// pandas dtypes int64 / float64 / object-as-str) sharing one row index.
public struct DataFrame: Equatable {
    /// Column names in order.
    public private(set) var columnNames: [String]
    /// Column values, one 1-D array per name.
    public private(set) var columns: [NDArray]
    /// Row labels (a RangeIndex after `read_csv` and `reset_index(drop=True)`).
    public private(set) var index: FrameIndex

    /// A frame of the given columns.
    /// - Throws: `.value` when lengths differ or a name repeats.
    public init(columns: [(String, NDArray)], index: FrameIndex? = nil) throws {
        let rows = columns.first?.1.count ?? index?.count ?? 0
        for (name, values) in columns where values.count != rows {
            throw FrameError(.value, "All arrays must be of the same length (column '\(name)' has \(values.count), expected \(rows))")
        }
        guard Set(columns.map(\.0)).count == columns.count else { throw FrameError(.value, "Duplicate column names") }
        let index = index ?? .range(rows)
        guard index.count == rows else {
            throw FrameError(.value, "Length of values (\(rows)) does not match length of index (\(index.count))")
        }
        columnNames = columns.map(\.0)
        self.columns = columns.map { $0.1.flattened }
        self.index = index
    }

    /// Number of rows (`len(df)`).
    public var rowCount: Int { index.count }
    /// `(rows, columns)` (pandas `shape`).
    public var shape: (rows: Int, columns: Int) { (rowCount, columns.count) }

    /// pandas' dtype name of each column (`int64`, `float64`, `object`).
    public var dtypeNames: [String] { columns.map { Series.pandasDTypeName($0.dtype) } }

    /// `df['name']`.
    /// - Throws: `.key` with the name quoted as pandas' KeyError shows it.
    public func column(_ name: String) throws -> Series {
        guard let k = columnNames.firstIndex(of: name) else { throw FrameError(.key, "'\(name)'") }
        return try Series(values: columns[k], index: index, name: name)
    }

    /// `df[['a', 'b']]`: the named columns in the given order.
    /// - Throws: `.key` "None of [Index(['x'], dtype='object')] are in the [columns]" style message.
    public func selecting(_ names: [String]) throws -> DataFrame {
        let missing = names.filter { !columnNames.contains($0) }
        if !missing.isEmpty {
            throw FrameError(.key, "\"\(missing.map { "'\($0)'" }.joined(separator: ", ")) not in index\"")
        }
        return try DataFrame(columns: try names.map { ($0, try column($0).values) }, index: index)
    }

    /// `df['name'] = values` (a scalar broadcasts; an array must have one value per row).
    /// - Throws: `.value` for a length mismatch.
    public mutating func setColumn(_ name: String, _ values: NDArray) throws {
        let array = try FrameError.wrap { try values.rank == 0 ? values.broadcast(to: [rowCount]) : values.flattened }
        guard array.count == rowCount else {
            throw FrameError(.value, "Length of values (\(array.count)) does not match length of index (\(rowCount))")
        }
        if let k = columnNames.firstIndex(of: name) { columns[k] = array } else {
            columnNames.append(name)
            columns.append(array)
        }
    }

    /// The rows at `positions` (pandas `take`), keeping their labels.
    public func taking(rows positions: [Int]) -> DataFrame {
        var taken = self
        taken.columns = columns.map { $0.taking(positions) }
        taken.index = index.taking(positions)
        return taken
    }

    /// `head(n)`: the first `n` rows (negative: all but the last `-n`).
    public func head(_ n: Int = 5) -> DataFrame { taking(rows: Array(0..<Series.headCount(n, rowCount))) }

    /// `tail(n)`: the last `n` rows (negative: all but the first `-n`).
    public func tail(_ n: Int = 5) -> DataFrame {
        let k = Series.headCount(n, rowCount)
        return taking(rows: Array((rowCount - k)..<rowCount))
    }

    /// pandas' `sample(n=, frac=, replace=, random_state=)`: the rows
    /// `randomState.choice(len, size, replace)` picks, in that order, keeping their labels — the
    /// same rows pandas picks for the same seed. Size: `n`, else `round(frac * len)` (half to
    /// even), else 1.
    /// - Throws: `.value` for both n and frac, a negative size, `frac > 1` without replacement,
    ///   or a sample larger than the frame without replacement (numpy's message).
    public func sample(count: Int? = nil, fraction: Double? = nil, replace: Bool = false,
                       randomState: RandomState) throws -> DataFrame {
        if count != nil && fraction != nil {
            throw FrameError(.value, "Please enter a value for `frac` OR `n`, not both")
        }
        var size = 1
        if let count = count {
            guard count >= 0 else { throw FrameError(.value, "A negative number of rows requested. Please provide `n` >= 0.") }
            guard count <= NDArray.maximumElementCount else { throw FrameError(.value, "Unable to allocate a sample of \(count) rows") }
            size = count
        } else if let fraction = fraction {
            if fraction > 1 && !replace {
                throw FrameError(.value, "Replace has to be set to `True` when upsampling the population `frac` > 1.")
            }
            guard fraction >= 0 else { throw FrameError(.value, "A negative number of rows requested. Please provide `frac` >= 0.") }
            let rows = (fraction * Double(rowCount)).rounded(.toNearestOrEven)
            guard rows <= Double(NDArray.maximumElementCount) else { throw FrameError(.value, "Unable to allocate a sample of \(rows) rows") }
            size = Int(rows)
        }
        do {
            return taking(rows: try randomState.choiceIndices(population: rowCount, count: size, replace: replace))
        } catch let error as RandomStateError {
            throw FrameError(.value, error.description)
        }
    }

    /// `reset_index(drop=)`: a RangeIndex; without `drop` the old labels become a first column
    /// named `index` (or the index's name).
    public func resettingIndex(drop: Bool) throws -> DataFrame {
        var result = self
        result.index = .range(rowCount)
        if !drop {
            let name = index.name ?? (columnNames.contains("index") ? "level_0" : "index")
            result.columnNames.insert(name, at: 0)
            result.columns.insert(index.labelArray, at: 0)
        }
        return result
    }

    /// pandas `describe()` of the numeric columns: count, mean, std (ddof 1), min, 25%, 50%,
    /// 75%, max as float64 (percentiles by linear interpolation, as numpy's `percentile`).
    /// - Throws: `.value` when no column is numeric.
    public func describe() throws -> DataFrame {
        let numeric = columnNames.indices.filter { columns[$0].dtype != .string }
        guard !numeric.isEmpty else { throw FrameError(.value, "describe() of a frame without numeric columns is not supported") }
        var result: [(String, NDArray)] = []
        for k in numeric {
            let series = try Series(values: columns[k], index: index, name: columnNames[k])
            let valid = try FrameError.wrap { try series.valid().converted(to: .float64).doubles() }.sorted()
            func percentile(_ q: Double) -> Double {
                guard !valid.isEmpty else { return .nan }
                let position = q * Double(valid.count - 1)
                let low = Int(position.rounded(.down)), high = Swift.min(low + 1, valid.count - 1)
                let t = position - Double(low), a = valid[low], b = valid[high]
                let difference = b - a
                return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
            }
            let stats: [Double] = [Double(valid.count), try series.mean(), try series.standardDeviation(),
                                   valid.first ?? .nan, percentile(0.25), percentile(0.5), percentile(0.75), valid.last ?? .nan]
            result.append((columnNames[k], NDArray(stats)))
        }
        return try DataFrame(columns: result, index: FrameIndex(labels: NDArray(["count", "mean", "std", "min", "25%", "50%", "75%", "max"])))
    }
}
