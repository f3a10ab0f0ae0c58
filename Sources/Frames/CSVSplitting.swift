// The parallel plumbing of the CSV reader: the file mapped into memory, a counting pass that
// finds where chunks may start (quote parity), and a pool of workers over the chunks.
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A read-only view of a file's bytes (memory-mapped), unmapped when released.
final class MappedFile {
    let bytes: UnsafePointer<UInt8>?
    let count: Int
    private let mapping: UnsafeMutableRawPointer?

    /// Maps `path` (an empty file maps nothing).
    /// - Throws: `FrameError(.fileNotFound)` with Python's `[Errno N] …: 'path'` message.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw MappedFile.error(errno, path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw MappedFile.error(errno, path) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw MappedFile.error(EISDIR, path) }
        count = Int(status.st_size)
        guard count > 0 else {
            bytes = nil
            mapping = nil
            return
        }
        let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { throw MappedFile.error(errno, path) }
        mapping = address
        bytes = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
    }

    /// Lets go of the whole pages inside bytes `from..<to` (`MADV_DONTNEED`): they leave the
    /// resident set and come back from the page cache if read again (the mapping is private and
    /// read-only, so nothing is lost).
    func release(from: Int, to: Int) {
        guard let mapping else { return }
        let page = MappedFile.pageSize
        let start = (from + page - 1) / page * page, stop = to / page * page
        if stop > start { _ = madvise(mapping + start, stop - start, Int32(MADV_DONTNEED)) }
    }

    static let pageSize = Swift.max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)

    deinit {
        // Unmapping 500 MB of mapped pages takes tens of milliseconds: done off the caller's
        // thread (nothing refers to the bytes once the read has returned).
        guard let mapping else { return }
        let address = UInt(bitPattern: mapping), count = count
        if count >= 64 << 20 {
            DispatchQueue.global(qos: .utility).async { munmap(UnsafeMutableRawPointer(bitPattern: address), count) }
        } else {
            munmap(mapping, count)
        }
    }

    static func error(_ code: Int32, _ path: String) -> FrameError {
        let reason = code == ENOENT ? "No such file or directory" : code == EISDIR ? "Is a directory" : String(cString: strerror(code))
        return FrameError(.fileNotFound, "[Errno \(code)] \(reason): '\(path)'")
    }
}

extension CSVReader {
    /// Where the chunks of the data start: chunk `i` holds the records that start in
    /// `starts[i] ..< starts[i + 1]`, and needs at most `slots[i]` rows (its line ends; one more
    /// for the last chunk holding records, whose final line may lack one).
    struct Chunking {
        var starts: [Int]
        var slots: [Int]
        var count: Int { slots.count }
        /// Row offset of each chunk in the column buffers.
        var rowBases: [Int] {
            var bases: [Int] = []
            var total = 0
            for n in slots { bases.append(total); total += n }
            return bases
        }
        var totalSlots: Int { slots.reduce(0, +) }
    }

    /// Cuts `dataStart..<end` into about `(end - dataStart) / chunkBytes` chunks. A first pass
    /// (parallel) counts quotes and line ends per raw piece; each raw cut then moves to the start
    /// of the next record outside quotes (the quote count's parity says whether a cut is inside a
    /// quoted field). The parse checks that every chunk ends where the next starts.
    static func makeChunking(_ bytes: UnsafePointer<UInt8>, dataStart: Int, end: Int, chunkBytes: Int, threads: Int) -> Chunking {
        let length = end - dataStart
        let pieces = Swift.max(1, Swift.min(length / Swift.max(chunkBytes, 1), 1 << 16))
        let cuts = (0...pieces).map { dataStart + Int((Double(length) * Double($0) / Double(pieces)).rounded(.down)) }
        var counts = [(quotes: Int, lineEnds: Int)](repeating: (0, 0), count: pieces)
        counts.withUnsafeMutableBufferPointer { counts in
            forEachConcurrently(count: pieces, threads: threads) { piece in
                counts[piece] = countQuotesAndLineEnds(bytes, cuts[piece], cuts[piece + 1], end: end)
            }
        }
        var starts = [dataStart]
        var lineEndsBefore = [0]  // line ends in dataStart..<starts[i]
        var quotes = 0, lineEnds = 0
        for piece in 1..<(pieces + 1) {
            quotes += counts[piece - 1].quotes
            lineEnds += counts[piece - 1].lineEnds
            if piece == pieces {
                starts.append(end)
                lineEndsBefore.append(lineEnds)
                break
            }
            // Scan from the raw cut to the first line end outside quotes.
            var p = cuts[piece], inQuotes = quotes & 1 == 1, skipped = 0
            var start = end
            while p < end {
                let byte = bytes[p]
                if byte == quote {
                    inQuotes.toggle()
                } else if byte == newline || byte == carriage {
                    let isLineEnd = byte == newline || p + 1 >= end || bytes[p + 1] != newline
                    if !inQuotes {
                        if byte == carriage, p + 1 < end, bytes[p + 1] == newline { p += 1 }
                        skipped += 1
                        start = p + 1
                        break
                    }
                    if isLineEnd { skipped += 1 }
                }
                p += 1
            }
            start = Swift.max(start, starts[starts.count - 1])
            if start == end { skipped = 0 }
            starts.append(start)
            lineEndsBefore.append(start == end ? -1 : lineEnds + skipped)
        }
        // Chunks cut past the data's last line end are empty; their counts come from the total.
        let total = lineEnds
        var slots: [Int] = []
        for i in 0..<pieces {
            let before = lineEndsBefore[i] < 0 ? total : lineEndsBefore[i]
            let after = lineEndsBefore[i + 1] < 0 ? total : lineEndsBefore[i + 1]
            slots.append(Swift.max(0, after - before))
        }
        // The final record may lack a line end: one more slot for the last chunk holding records.
        let last = (0..<pieces).last { starts[$0] < end } ?? 0
        slots[last] += 1
        return Chunking(starts: starts, slots: slots)
    }

    /// Quotes and line ends (`\n`, and `\r` not followed by `\n`) in `from..<to`.
    static func countQuotesAndLineEnds(_ bytes: UnsafePointer<UInt8>, _ from: Int, _ to: Int, end: Int) -> (quotes: Int, lineEnds: Int) {
        typealias Vector = SIMD32<UInt8>
        let quoteVector = Vector(repeating: quote), newlineVector = Vector(repeating: newline)
        let carriageVector = Vector(repeating: carriage)
        var quotes = 0, newlines = 0, carriages = 0
        var p = from
        let raw = UnsafeRawPointer(bytes)
        while p + Vector.scalarCount <= to {
            // Byte-wide counters, emptied before they can wrap (255 steps).
            var q = Vector(repeating: 0), n = Vector(repeating: 0), c = Vector(repeating: 0)
            var steps = 0
            while steps < 255, p + Vector.scalarCount <= to {
                let v = raw.loadUnaligned(fromByteOffset: p, as: Vector.self)
                q &-= unsafeBitCast(v .== quoteVector, to: Vector.self)
                n &-= unsafeBitCast(v .== newlineVector, to: Vector.self)
                c &-= unsafeBitCast(v .== carriageVector, to: Vector.self)
                p += Vector.scalarCount
                steps += 1
            }
            quotes += total(q)
            newlines += total(n)
            carriages += total(c)
        }
        while p < to {
            let byte = bytes[p]
            if byte == quote { quotes += 1 } else if byte == newline { newlines += 1 } else if byte == carriage { carriages += 1 }
            p += 1
        }
        if carriages > 0 {  // "\r\n" is one line end
            for p in from..<to where bytes[p] == carriage && p + 1 < end && bytes[p + 1] == newline { carriages -= 1 }
        }
        return (quotes, newlines + carriages)
    }

    @inline(__always)
    private static func total(_ v: SIMD32<UInt8>) -> Int {
        var sum = 0
        for i in 0..<32 { sum += Int(v[i]) }
        return sum
    }

    /// Runs `body(i)` for `i` in `0..<count` on `threads` workers taking the next index in turn.
    /// `progress` (if given) is called on the calling thread every `interval` seconds while the
    /// workers run, with the sum of `weight(i)` over the finished indices; `shouldStop` is polled
    /// there too, and once it returns true no further index is started.
    /// - Returns: false when `shouldStop` stopped the work before every index ran.
    @discardableResult
    static func forEachConcurrently(count: Int, threads: Int, weight: (Int) -> Int = { _ in 1 },
                                    interval: Double = 0.1, progress: ((Int) -> Void)? = nil,
                                    shouldStop: (() -> Bool)? = nil, _ body: (Int) -> Void) -> Bool {
        let workers = Swift.max(1, Swift.min(threads, count))
        if workers == 1 && progress == nil && shouldStop == nil {
            for i in 0..<count { body(i) }
            return true
        }
        let state = WorkState()
        withoutActuallyEscaping(body) { body in
            withoutActuallyEscaping(weight) { weight in
                let group = DispatchGroup()
                for _ in 0..<workers {
                    DispatchQueue.global(qos: .userInitiated).async(group: group) {
                        while let i = state.take(below: count) {
                            body(i)
                            state.finished(weight(i))
                        }
                    }
                }
                if progress != nil || shouldStop != nil {
                    while group.wait(timeout: .now() + interval) == .timedOut {
                        progress?(state.done)
                        if shouldStop?() == true { state.stop() }
                    }
                } else {
                    group.wait()
                }
            }
        }
        return !state.stopped
    }
}

/// The shared counters of `forEachConcurrently`'s workers.
private final class WorkState {
    private let lock = NSLock()
    private var next = 0
    private var finishedWeight = 0
    private var stopRequested = false

    /// The next index to work on, or nil when all of `0..<count` are taken or work was stopped.
    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count, !stopRequested else { return nil }
        next += 1
        return next - 1
    }

    func finished(_ weight: Int) {
        lock.lock()
        finishedWeight += weight
        lock.unlock()
    }

    /// No index is handed out after this.
    func stop() {
        lock.lock()
        stopRequested = true
        lock.unlock()
    }

    var stopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopRequested
    }

    var done: Int {
        lock.lock()
        defer { lock.unlock() }
        return finishedWeight
    }
}
