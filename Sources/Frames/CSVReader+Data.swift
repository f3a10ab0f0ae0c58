// The data part of a read: chunks parsed concurrently into the column buffers, checked to join
// up, errors resolved to file line numbers, then the columns assembled into a DataFrame.
import Foundation
import Tensor

extension CSVReader {
    static func parseData(_ bytes: UnsafePointer<UInt8>, _ end: Int, _ layout: Layout, _ chunking: Chunking,
                          textColumns: Set<Int>, threads: Int, options: CSVReadOptions, pages: MappedFile?) throws -> CSVReadResult {
        let plan = makePlan(layout, textColumns: textColumns, options)
        let startKinds = guessKinds(bytes, end, layout, plan, options)
        let capacity = chunking.totalSlots
        try MemoryGuard.check(count: capacity, elementSize: 8 * Swift.max(plan.numericColumns.count, 1))
        var chunks: [ChunkResult] = []
        var rows = 0
        let numeric = try withColumnBuffers(startKinds, capacity: capacity) { columns -> (Int, [NumericKind]) in
            chunks = try parseChunks(bytes, end, layout, chunking, plan, startKinds, columns, threads, options, pages)
            let kinds = joinChunks(&chunks, plan, columns)
            rows = chunks.reduce(0) { $0 + $1.rows }
            return (rows, kinds)
        }
        var columns: [(String, NDArray)] = []
        for c in layout.selected {
            var array: NDArray
            let action = plan.actions[c]
            if action >= 0 {
                array = try NDArray(shape: [rows], storage: numeric[action])
            } else {
                var texts: [String] = []
                texts.reserveCapacity(rows)
                for chunk in chunks { texts += chunk.texts[-2 - action] }
                array = NDArray(texts)
            }
            if let t = forcedType(c, layout, options), t != array.dtype {
                do { array = try array.converted(to: t) } catch let error as NDArrayError {
                    throw FrameError(.value, error.message)
                }
            }
            columns.append((layout.names[c], array))
        }
        var skipped: [CSVReadResult.SkippedLine] = []
        var skippedCount = 0, line = layout.firstLine
        for chunk in chunks {
            skippedCount += chunk.skippedCount
            for entry in chunk.skipped where skipped.count < ChunkResult.keptSkippedLines {
                skipped.append(.init(line: line + entry.record, fieldCount: entry.fields))
            }
            line += chunk.records
        }
        return CSVReadResult(frame: try DataFrame(columns: columns, index: .range(rows)), skippedLineCount: skippedCount,
                             skippedLines: skipped, expectedFieldCount: layout.width)
    }

    /// Parses every chunk (concurrently), checks that each ends where the next starts (else
    /// reads the data again as one chunk), and turns the first problem in file order into its
    /// error. Returns the chunks in order.
    static func parseChunks(_ bytes: UnsafePointer<UInt8>, _ end: Int, _ layout: Layout, _ chunking: Chunking,
                            _ plan: ColumnPlan, _ kinds: [NumericKind], _ columns: [UnsafeMutableRawPointer],
                            _ threads: Int, _ options: CSVReadOptions, _ pages: MappedFile?) throws -> [ChunkResult] {
        let starts = chunking.starts, bases = chunking.rowBases
        var chunks = (0..<chunking.count).map { i in
            ChunkResult(start: starts[i], limit: starts[i + 1], rowBase: bases[i], capacity: chunking.slots[i], plan: plan, kinds: kinds)
        }
        if let limit = options.rowLimit { chunks[0].rowLimit = Swift.max(limit, 0) }
        let skip = options.badLines == .skip
        let report = options.progress.map { progress in { (done: Int) in progress(layout.dataStart + done, end) } }
        // After an error in chunk i, the chunks past i need not be read (the error is reported
        // if the chunks before i join up, and everything is read again otherwise).
        let firstError = FirstIndex()
        let finished = chunks.withUnsafeMutableBufferPointer { chunks in
            forEachConcurrently(count: chunks.count, threads: threads, weight: { starts[$0 + 1] - starts[$0] },
                                interval: options.progressInterval, progress: report, shouldStop: options.shouldStop) { i in
                if i > firstError.value { return }
                parseChunk(&chunks[i], bytes: bytes, end: end, plan: plan, columns: columns, skipBadLines: skip)
                pages?.release(from: starts[i], to: starts[i + 1])
                if let issue = chunks[i].issue, !issue.isOverflow { firstError.lower(to: i) }
            }
        }
        guard finished else { throw FrameError(.interrupted, "read_csv was interrupted") }
        var joined = true
        for i in chunks.indices {
            if case .overflow? = chunks[i].issue { joined = false; break }
            if chunks[i].issue != nil { break }  // the chunks before it joined up: it started at a record
            if options.rowLimit == nil, chunks[i].end != starts[i + 1] { joined = false; break }
        }
        if !joined {
            // A cut fell where quote parity misleads (a stray quote inside an unquoted field):
            // read everything in one piece, in order.
            var whole = ChunkResult(start: layout.dataStart, limit: end, rowBase: 0, capacity: chunking.totalSlots,
                                    plan: plan, kinds: kinds)
            // The single read is one chunk: an interrupt is seen when it ends.
            forEachConcurrently(count: 1, threads: 1, interval: options.progressInterval, progress: report) { _ in
                parseChunk(&whole, bytes: bytes, end: end, plan: plan, columns: columns, skipBadLines: skip)
            }
            chunks = [whole]
        }
        options.progress?(end, end)
        var line = layout.firstLine
        for chunk in chunks {
            switch chunk.issue {
            case nil: break
            case .badLine(let record, let fields)?:
                throw FrameError(.parser, "Error tokenizing data. C error: Expected \(layout.width) fields in line \(line + record), saw \(fields)")
            case .notNumber(let record, let column, let text)?:
                let dtype = forcedType(column, layout, options)
                let reason = dtype == .int64 ? "invalid literal for int() with base 10: '\(text)'"
                    : "could not convert string to float: '\(text)'"
                throw FrameError(.value, "\(reason) (line \(line + record), column '\(layout.names[column])')")
            case .needsText(let column)?:
                throw NeedsText(column: column)
            case .overflow?:
                throw FrameError(.parser, "Error tokenizing data: more rows than line ends (internal error)")
            }
            line += chunk.records
        }
        return chunks
    }

    /// Makes every numeric column one kind across chunks (float if any chunk read floats) and
    /// moves each chunk's rows down to follow the previous chunk's.
    static func joinChunks(_ chunks: inout [ChunkResult], _ plan: ColumnPlan, _ columns: [UnsafeMutableRawPointer]) -> [NumericKind] {
        var kinds: [NumericKind] = []
        for slot in plan.numericColumns.indices {
            let float = chunks.contains { $0.kinds[slot] == .doubles }
            kinds.append(float ? .doubles : .integers)
            guard float else { continue }
            for chunk in chunks where chunk.kinds[slot] == .integers {
                convertToDoubles(columns[slot], rows: chunk.rowBase..<(chunk.rowBase + chunk.rows),
                                 negativeZeros: chunk.negativeZeroRows[slot], rowBase: chunk.rowBase)
            }
        }
        var next = 0
        for i in chunks.indices {
            if chunks[i].rowBase != next, chunks[i].rows > 0 {
                for column in columns {
                    memmove(column + next * 8, column + chunks[i].rowBase * 8, chunks[i].rows * 8)
                }
            }
            chunks[i].rowBase = next
            next += chunks[i].rows
        }
        return kinds
    }

    /// Allocates one Swift array of `capacity` uninitialized 8-byte slots per numeric column (Int
    /// or Double as `kinds` says), lets `fill` write them and return the row count and the kinds
    /// it ended with, and returns the arrays trimmed to that count (copied only for a column
    /// whose kind changed; the slots then already hold the new kind's bit patterns).
    static func withColumnBuffers(_ kinds: [NumericKind], capacity: Int,
                                  fill: ([UnsafeMutableRawPointer]) throws -> (Int, [NumericKind])) throws -> [NDArrayStorage] {
        var pointers: [UnsafeMutableRawPointer] = []
        var rows = 0
        var finalKinds = kinds
        var storages: [NDArrayStorage] = []
        let slots = Swift.max(capacity, 1)
        func level(_ k: Int) throws {
            if k == kinds.count {
                (rows, finalKinds) = try fill(pointers)
                return
            }
            // Column k's array; the columns after it are allocated (and filled) inside.
            func column<Element>(_ type: Element.Type) throws -> [Element] {
                try [Element](unsafeUninitializedCapacity: slots) { buffer, initialized in
                    guard let base = buffer.baseAddress else { throw EngineError.outOfMemory(requestedBytes: slots * 8, availableBytes: 0) }
                    adviseHugePages(UnsafeMutableRawPointer(base), bytes: slots * 8)
                    pointers.append(UnsafeMutableRawPointer(base))
                    try level(k + 1)
                    initialized = rows
                }
            }
            switch kinds[k] {
            case .integers: storages.append(.int64(try column(Int.self)))
            case .doubles: storages.append(.float64(try column(Double.self)))
            }
        }
        try level(0)
        storages.reverse()  // the innermost array finished first
        for k in kinds.indices where kinds[k] != finalKinds[k] {
            switch storages[k] {
            case .int64(let a): storages[k] = .float64(a.map { Double(bitPattern: UInt64(bitPattern: Int64($0))) })
            case .float64(let a): storages[k] = .int64(a.map { Int(Int64(bitPattern: $0.bitPattern)) })
            default: break
            }
        }
        return storages
    }
}

extension CSVReader {
    /// Asks for 2 MiB pages over the aligned inside of a large buffer (Linux THP in `madvise`
    /// mode): a 160 MB column then takes ~80 page faults instead of ~40,000.
    static func adviseHugePages(_ base: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        let huge = 2 << 20
        guard bytes >= 2 * huge else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let stop = (Int(bitPattern: base) + bytes) & ~(huge - 1)
        if stop > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(pointer, stop - start, MADV_HUGEPAGE)
        }
        #endif
    }
}

/// The smallest index reported so far (`Int.max` before any), shared by workers.
final class FirstIndex {
    private let lock = NSLock()
    private var smallest = Int.max

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return smallest
    }

    func lower(to index: Int) {
        lock.lock()
        smallest = Swift.min(smallest, index)
        lock.unlock()
    }
}
