import Foundation
import Frames
import Script

/// The live progress line of a long `read_csv`: nothing for a read that ends within the first
/// progress interval, else one display updated as `CSVReadOptions.progress` reports (at most
/// ten times a second), ended with the final size and speed.
///
/// Text: `read_csv ratings.csv [=========>          ] 245.1/520.1 MB  1.21 GB/s`.
final class ReadProgress {
    private let sink: OutputSink
    private let name: String
    private let start = DispatchTime.now().uptimeNanoseconds
    private let displayID = DisplayModules.newDisplayID()
    private var published = false

    init(sink: OutputSink, path: String) {
        self.sink = sink
        name = (path as NSString).lastPathComponent
    }

    /// `CSVReadOptions.progress`: (bytes parsed, total bytes).
    func update(done: Int, total: Int) {
        let final = done >= total
        if final && !published { return }
        let line = text(done: done, total: total)
        if let lineSink = sink as? ProgressLineSink {
            lineSink.showProgress(line, final: final)
        } else {
            sink.display(["text/plain": line], metadata: [:], displayID: displayID, update: published)
        }
        published = true
    }

    func text(done: Int, total: Int) -> String {
        let width = 30
        let filled = total > 0 ? Swift.min(width, done * width / total) : width
        let bar = String(repeating: "=", count: Swift.max(filled - 1, 0)) + (filled > 0 ? (filled == width ? "=" : ">") : "")
            + String(repeating: " ", count: width - filled)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let speed = seconds > 0 ? Double(done) / seconds / 1e9 : 0
        return String(format: "read_csv %@ [%@] %.1f/%.1f MB  %.2f GB/s", name, bar, Double(done) / 1e6, Double(total) / 1e6, speed)
    }
}

extension PandasModule {
    /// pandas' `on_bad_lines` reports: `'warn'` prints pandas' ParserWarning text (the first 20
    /// lines, then a count); `'skip'` (silent in pandas) prints one line with the count, so a
    /// user sees that rows were left out.
    static func reportSkipped(_ result: CSVReadResult, warn: Bool, sink: OutputSink) {
        guard result.skippedLineCount > 0 else { return }
        if warn {
            var text = "ParserWarning: "
            for line in result.skippedLines.prefix(20) {
                text += "Skipping line \(line.line): expected \(result.expectedFieldCount) fields, saw \(line.fieldCount)\n"
            }
            if result.skippedLineCount > 20 { text += "… and \(result.skippedLineCount - 20) more bad lines skipped\n" }
            sink.write(text, to: .stderr)
        } else {
            let lines = result.skippedLineCount == 1 ? "line" : "lines"
            sink.write("read_csv: skipped \(result.skippedLineCount) bad \(lines) (on_bad_lines='skip')\n", to: .stderr)
        }
    }
}
