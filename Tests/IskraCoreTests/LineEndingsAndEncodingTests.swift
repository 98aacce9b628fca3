#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Testing
@testable import IskraCore

/// How a book's bytes become lines: LF, CRLF and a lone CR all end a line; UTF-16 with a BOM is
/// decoded; bytes that are not UTF-8 are counted for a notice.
@Suite("Line endings and encodings")
struct LineEndingsAndEncodingTests {
    static let lf = TestBook.bytes

    static func replacingLineFeeds(with ending: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lf.count * 2)
        for byte in lf {
            if byte == 0x0A { out += ending } else { out.append(byte) }
        }
        return out
    }

    /// Pieces of `size` bytes, as a large file is read.
    static func parse(_ bytes: [UInt8], pieces size: Int) -> Document {
        var start = 0
        return Parser.parse(path: "book.txt", progress: { _ in }) { chunk in
            guard start < bytes.count else { return false }
            chunk = Array(bytes[start ..< min(bytes.count, start + size)])
            start += size
            return true
        }
    }

    @Test func oldMacLineEndsReadAsTheBookItself() {
        // CR alone is a line break, as in the files of classic Mac OS: the same document, the
        // same lines and columns.
        let expected = Parser.parse(bytes: Self.lf, path: "book.txt")
        let cr = Self.replacingLineFeeds(with: [0x0D])
        #expect(Parser.parse(bytes: cr, path: "book.txt") == expected)
        #expect(Parser.parse(bytes: Self.replacingLineFeeds(with: [0x0D, 0x0A]), path: "book.txt") == expected)
        // Read in pieces, a CR at the end of one and an LF at the start of the next included.
        for size in [1, 2, 7, 4096] {
            #expect(Self.parse(cr, pieces: size) == expected, "pieces of \(size)")
            #expect(Self.parse(Self.replacingLineFeeds(with: [0x0D, 0x0A]), pieces: size) == expected, "CRLF, pieces of \(size)")
        }
        #expect(expected.lineCount == 752)
    }

    @Test func mixedLineEndsEachEndOneLine() {
        let text = "Title\r\rFirst line\r\nsecond line\nthird\r\rLast words here.\r\n"
        let document = Parser.parse(text: text)
        #expect(document.lineCount == 7)
        let units = document.makeUnits()
        #expect(units.map(\.text) == ["Title", "First line second line third", "Last words here."])
        #expect(units.map(\.line) == [1, 3, 7])
        #expect(units[1].paragraph.segments.map(\.line) == [3, 4, 5])
        #expect(document.warnings.isEmpty)
        // CR CR LF is two line ends (a CR, then a CRLF), as an editor shows it.
        #expect(Parser.parse(text: "a\r\r\nb").lineCount == 3)
    }

    static func utf16(_ text: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test(arguments: [false, true])
    func utf16IsDecodedAndNamed(bigEndian: Bool) {
        let text = String(decoding: Self.lf, as: UTF8.self)
        let expected = Parser.parse(bytes: Self.lf, path: "book.txt")
        let bytes = Self.utf16(text, bigEndian: bigEndian)
        for document in [Parser.parse(bytes: bytes, path: "book.txt"), Self.parse(bytes, pieces: 3), Self.parse(bytes, pieces: 4096)] {
            #expect(document.encoding == (bigEndian ? .utf16BigEndian : .utf16LittleEndian))
            #expect(document.makeUnits() == expected.makeUnits())
            #expect(document.lineCount == expected.lineCount)
            #expect(document.warnings.count == 1)
            #expect(document.warnings.first?.message.contains("UTF-16 (\(bigEndian ? "big" : "little")-endian)") == true)
            #expect(document.decodingNotice == "Read as UTF-16 (\(bigEndian ? "big" : "little")-endian)")
        }
    }

    @Test func utf16SurrogatesPairedAndBroken() {
        // An emoji is a surrogate pair; a lone half becomes U+FFFD with a warning on its line.
        var bytes = Self.utf16("Title\n\nA rocket 🚀 flies.\n\nBroken ", bigEndian: false)
        bytes += [0x00, 0xD8]          // a high surrogate with no low one
        bytes += Self.utf16(" here.\n\n", bigEndian: false, bom: false)
        bytes += [0x41]                // an odd last byte
        let document = Parser.parse(bytes: bytes)
        let units = document.makeUnits()
        #expect(units.map(\.text) == ["Title", "A rocket 🚀 flies.", "Broken \u{FFFD} here.", "\u{FFFD}"])
        #expect(units[1].text.unicodeScalars.count == 17)
        #expect(document.linesWithInvalidText == 2)
        let broken = document.warnings.filter { $0.message.contains("unpaired UTF-16 surrogate") }
        #expect(broken.map(\.line) == [5, 7])
        #expect(broken.allSatisfy { $0.byteOffset == nil })
        #expect(document.decodingNotice == "Read as UTF-16 (little-endian); 2 lines have broken UTF-16: shown as \u{FFFD}")
    }

    @Test func bytesThatAreNotUTF8AreCountedForTheNotice() {
        let bytes: [UInt8] = Array("Title\n\nGood line\nbad ".utf8) + [0xFF] + Array(" line\nworse ".utf8) + [0xC3, 0xFE, 0x80]
            + Array("\n".utf8)
        let document = Parser.parse(bytes: bytes)
        #expect(document.linesWithInvalidText == 2)
        #expect(document.decodingNotice == "2 lines have bytes that are not UTF-8: shown as \u{FFFD}")
        #expect(Parser.parse(bytes: Array("Title\n\nfine\n".utf8)).decodingNotice == nil)
        #expect(TestBook.document.decodingNotice == nil)
        // The count goes on past the warnings' limit.
        var many: [UInt8] = []
        for _ in 0..<300 { many += [0x61, 0xFF, 0x0A] }
        #expect(Parser.parse(bytes: many).linesWithInvalidText == 300)
        #expect(Parser.parse(bytes: many).decodingNotice?.hasPrefix("300 lines have bytes") == true)
    }

    @Test func aUTF8BOMIsSkippedAndAUTF16OneIsNotText() {
        #expect(Parser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("Title\n".utf8)).title == "Title")
        #expect(Parser.parse(bytes: [0xFF, 0xFE]).makeUnits().isEmpty)
        #expect(Parser.parse(bytes: [0xFE, 0xFF, 0x00]).makeUnits().map(\.text) == ["\u{FFFD}"])
    }
}

/// A book whose lines are megabytes long (no line breaks, or NULs) is read, searched and
/// mapped back to its positions the same way as one in paragraphs.
@Suite("Very long lines")
struct VeryLongLineTests {
    /// The bundled book's words on one line, repeated to about `bytes`.
    static func oneLine(bytes: Int) -> String {
        let words = String(decoding: TestBook.bytes, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == " " })
            .joined(separator: " ")
        var text = ""
        while text.utf8.count < bytes { text += words + " " }
        return String(text.dropLast())
    }

    static let line = oneLine(bytes: 1 << 20)
    static let document = Parser.parse(text: line, path: "one-line.txt")

    @Test func aSingleLineIsOneParagraphKeptWhole() {
        let units = Self.document.makeUnits()
        #expect(units.count == 1)
        #expect(units[0].kind == .paragraph)
        #expect(units[0].text == Self.line)
        #expect(Self.document.title == "one-line")
        #expect(Self.document.lineCount == 1)
        // Read in pieces of every size, the line is put together once, the same.
        for size in [1000, 4096, 65536] {
            #expect(LineEndingsAndEncodingTests.parse(Array(Self.line.utf8), pieces: size).makeUnits() == units)
        }
    }

    @Test func aNULFloodIsOneLineOfControlCharacters() {
        let bytes = [UInt8](repeating: 0, count: 1 << 20)
        let document = LineEndingsAndEncodingTests.parse(bytes, pieces: 4096)
        #expect(document.makeUnits().map { $0.text.unicodeScalars.count } == [1 << 20])
        #expect(document.warnings.map(\.message) == ["control character kept; it is shown escaped"])
    }

    @Test func positionsInAParagraphOfManyLinesAreFoundBySearch() {
        // Short lines with no blank line between them join into one paragraph of 5000 lines.
        var text = "Title\n\n"
        for n in 1...5000 { text += "line \(n) of the only paragraph\n" }
        let units = Parser.parse(text: text).makeUnits()
        let paragraph = units[1].paragraph
        #expect(paragraph.segments.count == 5000)
        for segment in paragraph.segments {
            #expect(paragraph.position(ofScalarOffset: segment.textOffset) == (segment.line, segment.column))
            #expect(paragraph.position(ofScalarOffset: segment.textOffset + 3) == (segment.line, segment.column + 3))
        }
    }

    @Test func searchInAHugeParagraphMapsHitsAndSnippetsExactly() {
        // Non-ASCII on purpose (curly quotes, dashes): offsets go through the checkpoints.
        let index = SearchIndex(document: Self.document)
        let results = index.search("kronstadt")
        #expect(results.count > 100)
        let text = Self.document.makeUnits()[0].text
        let scalars = Array(text.unicodeScalars)
        var walker = ScalarWalker()
        for hit in results {
            #expect(String(String.UnicodeScalarView(scalars[hit.offset ..< hit.offset + hit.length])).lowercased() == "kronstadt")
            // The byte offset from the checkpoints is where the scalar is.
            let byte = index.byteOffset(unit: 0, scalarOffset: hit.offset)
            #expect(text.utf8Index(byte) == walker.index(of: hit.offset, unit: 0, in: text))
            // The windowed snippet is the one the whole text gives.
            #expect(index.snippet(for: hit, width: 40) == SearchIndex.snippet(text: text, offset: hit.offset, length: hit.length, width: 40))
        }
    }

    @Test func hitsInAStretchAndSteppingAgreeWithTheWholeList() {
        let index = SearchIndex(document: Self.document)
        let results = index.search("the")
        let all = results.hits(inUnit: 0)
        #expect(all.count == results.count)
        for range in [0 ..< 100, 5000 ..< 5072, 300_000 ..< 300_500, (all.last!.offset - 5) ..< (all.last!.offset + 50)] {
            let expected = all.filter { $0.offset < range.upperBound && $0.offset + $0.length > range.lowerBound }
            #expect(results.hits(inUnit: 0, overlapping: range) == expected)
        }
        for offset in [0, 1, all[10].offset, all[10].offset + 1, all.last!.offset, all.last!.offset + 1, Int.max / 2] {
            let next = all.firstIndex { $0.offset >= offset }
            #expect(results.firstHit(atOrAfter: 0, offset: offset) == next)
            let previous = all.lastIndex { $0.offset < offset }
            #expect(results.lastHit(before: 0, offset: offset) == previous)
        }
    }

    @Test func peopleInAHugeParagraphMatchAsInParagraphs() throws {
        let register = try PeopleRegister.parse(String(decoding: try BookFile.readBytes(
            path: String(TestBook.path.dropLast(3)) + "people"), as: UTF8.self))
        let index = PeopleIndex(document: Self.document, register: register)
        #expect(index.mentions.count > 1000)
        let mentions = index.mentions(inUnit: 0)
        for range in [0 ..< 2000, 400_000 ..< 400_300] {
            let expected = mentions.filter { $0.offset < range.upperBound && $0.offset + $0.length > range.lowerBound }
            #expect(Array(index.mentions(inUnit: 0, overlapping: range)) == expected)
        }
        // Context phrases are checked around each shared form, not on a copy of the paragraph:
        // the same people as when the whole paragraph is folded (the register's context phrases
        // are in the book, so some are found here).
        let text = Array(Self.document.makeUnits()[0].text.unicodeScalars)
        for mention in index.mentions.prefix(2000) {
            let form = String(String.UnicodeScalarView(text[mention.offset ..< mention.offset + mention.length]))
            #expect(index.people[mention.person].forms.contains { PeopleText.normalized($0) == PeopleText.normalized(form) }
                    || form.contains("’"), "\(form) is not a form of \(index.people[mention.person].name)")
        }
    }

    @Test func proposingPeopleInStretchesGivesWhatTheWholeGives() {
        let unit = Self.document.makeUnits()[0]
        let whole = PeopleSuggester.suggest(units: [unit], stretch: Int.max)
        #expect(!whole.isEmpty)
        #expect(PeopleSuggester.suggest(units: [unit], stretch: 1 << 12) == whole)
        #expect(PeopleSuggester.sentenceStretches(unit.text, size: 1 << 12).joined() == unit.text)
    }

    @Test func piecesCoverTheTextAndFindEveryOffset() throws {
        let text = Self.line + " e\u{301}\u{301}" + String(repeating: "x", count: 5000) + "\u{200D}🚀 end"
        let pieces = try #require(TextPieces.make(text))
        #expect(pieces.scalarCount == text.unicodeScalars.count)
        var joined = ""
        for piece in 0 ..< pieces.count {
            let range = pieces.scalarRange(ofPiece: piece)
            if piece + 1 < pieces.count { #expect(range.count >= TextPieces.pieceScalars) }
            #expect(range.count <= TextPieces.pieceScalars + 256 + 8)
            let slice = pieces.text(ofPiece: piece, in: text)
            #expect(slice.unicodeScalars.count == range.count)
            // A piece never starts with a mark, a joiner or a selector.
            if let first = slice.unicodeScalars.first {
                #expect(TextPieces.startsCharacter(first, after: "a"))
            }
            joined += slice
            #expect(pieces.piece(containing: range.lowerBound) == piece)
            #expect(pieces.piece(containing: range.upperBound - 1) == piece)
        }
        #expect(joined == text)
        var walker = ScalarWalker()
        for offset in stride(from: 0, to: pieces.scalarCount, by: 997) {
            #expect(pieces.index(ofScalar: offset, in: text) == walker.index(of: offset, unit: 0, in: text))
        }
        #expect(pieces.index(ofScalar: pieces.scalarCount + 10, in: text) == text.endIndex)
        #expect(TextPieces.make("short text") == nil)
    }
}

/// What is not a book file is refused at once; a pipe is read like one.
@Suite("Devices and pipes")
struct DevicesAndPipesTests {
    @Test func devicesAreRefusedWithoutReading() {
        for path in ["/dev/null", "/dev/zero"] {
            #expect(throws: BookFileError(path: path, reason: "is a character device (a terminal, /dev/zero...), not a file")) {
                try BookFile.checkReadable(path: path)
            }
            #expect(throws: BookFileError.self) { try BookFile.Reader(path: path) }
        }
    }

    @Test func aPipeIsReadToItsEnd() throws {
        let directory = "/tmp/iskra-fifo-\(getpid())"
        mkdir(directory, 0o700)
        let fifo = directory + "/book"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo); rmdir(directory) }
        // Several times the book, so that the command line's reader takes more than one piece.
        var bytes: [UInt8] = []
        while bytes.count < 9 << 20 { bytes += TestBook.bytes }
        func writeAll() {
            let all = bytes
            DispatchQueue.global().async {
                let descriptor = open(fifo, O_WRONLY)
                all.withUnsafeBufferPointer { buffer in
                    var written = 0
                    while written < buffer.count {
                        let n = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                        if n <= 0 { break }
                        written += n
                    }
                }
                close(descriptor)
            }
        }
        writeAll()
        let reader = try BookFile.Reader(path: fifo, chunkSize: 1 << 20)
        #expect(reader.isPipe && reader.expectedSize == 0)
        var read: [UInt8] = []
        var chunk: [UInt8] = []
        while reader.next(into: &chunk) { read += chunk }
        #expect(reader.error == nil)
        #expect(read == bytes)
        writeAll()
        #expect(try BookFile.readBytes(path: fifo) == bytes)
    }

    @Test func sizesAreSaidTruly() {
        #expect(BookFile.describe(1536 << 20) == "1536 MB")
        #expect(BookFile.describe(BookFile.maximumBytes + 1) == "1073741825 bytes")
        #expect(BookFile.tooLarge("big.txt", 3 << 30).description == "big.txt: is too large (3072 MB; iskra opens books up to 1024 MB)")
        #expect(BookFile.endless("/dev/stdin").description
                == "/dev/stdin: is a pipe that did not end within 1024 MB, the largest book iskra opens")
    }
}
