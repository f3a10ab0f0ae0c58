import Jupyter
import XCTest

final class CursorPositionTests: XCTestCase {
    /// "a👍🏽b": 'a', U+1F44D, U+1F3FD (skin tone), 'b' — 4 code points, 3 characters, 6 UTF-16 units.
    func testEmojiWithModifierCountsCodePoints() {
        let code = "a👍🏽b"
        XCTAssertEqual(code.unicodeScalars.count, 4)
        let index = CursorPosition.index(in: code, codePointOffset: 3)
        XCTAssertEqual(String(code[index...]), "b")
        XCTAssertEqual(CursorPosition.codePointOffset(of: index, in: code), 3)
        XCTAssertEqual(String(code.unicodeScalars[CursorPosition.index(in: code, codePointOffset: 1)...]), "👍🏽b")
    }

    func testClampsOutOfRange() {
        let code = "é=1"
        XCTAssertEqual(CursorPosition.index(in: code, codePointOffset: -5), code.startIndex)
        XCTAssertEqual(CursorPosition.index(in: code, codePointOffset: 99), code.endIndex)
        XCTAssertEqual(CursorPosition.codePointOffset(of: code.endIndex, in: code), 3)
    }

    /// A decomposed é (e + U+0301) is two code points, as Python counts it.
    func testCombiningMarks() {
        let code = "e\u{301}x"
        let index = CursorPosition.index(in: code, codePointOffset: 2)
        XCTAssertEqual(String(code.unicodeScalars[index...]), "x")
    }
}
