import Foundation
import XCTest

/// The repository's root (two levels above this file's folder).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/data/ml-latest-small` next to the repository.
let movieLensDirectory = repositoryRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/data/ml-latest-small")

/// The pandas fixture written by scripts/fixtures/make_pandas_fixtures.py.
func loadPandasFixture() throws -> [String: Any] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pandas.json")
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
}

/// Writes `text` to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "frame.csv") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("factorize-frames-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}
