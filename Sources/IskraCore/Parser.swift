// Turns the plain text of a book into a Document. The format is the one of the bundled book
// (see DECISIONS.md): a title line, an untitled opening, chapters introduced by short standalone
// heading lines, image blocks (alt text + caption), then optionally a "Primary Sources" heading
// and numbered `(N) ...` sources. Works in one pass over the bytes, linear in the file size.

public enum Parser {
    /// Lines longer than this are whole paragraphs (text extracted from the web); shorter
    /// consecutive lines are hard-wrapped prose and are joined.
    static let unwrappedLineLength = 100
    static let maxHeadingLength = 80
    static let maxWarnings = 100

    public static func parse(text: String, path: String = "") -> Document {
        parse(bytes: Array(text.utf8), path: path)
    }

    public static func parse(bytes: [UInt8], path: String = "") -> Document {
        parse(bytes: bytes, path: path, layoutSample: LayoutEvidence.sampleScalars)
    }

    /// `layoutSample`: scalars the layout is decided from (fewer in tests).
    static func parse(bytes: [UInt8], path: String, layoutSample: Int) -> Document {
        var delivered = false
        return parse(path: path, progress: { _ in }, layoutSample: layoutSample) { chunk in
            if delivered { return false }
            delivered = true
            chunk = bytes
            return true
        }
    }

    /// Parses a book read a piece at a time: `read` fills its argument with the next piece of
    /// the file (any size; lines may be split anywhere) and returns false at the end. Only the
    /// current piece and a line cut at its end are held, not the whole file. A UTF-16 file
    /// (with a BOM) is transcoded to UTF-8 as it is read.
    public static func parse(path: String = "", progress: (Int) -> Void, read: (inout [UInt8]) -> Bool) -> Document {
        parse(path: path, progress: progress, layoutSample: LayoutEvidence.sampleScalars, read: read)
    }

    static func parse(path: String, progress: (Int) -> Void, layoutSample: Int, read: (inout [UInt8]) -> Bool) -> Document {
        var warnings = WarningLog()
        var builder = DocumentBuilder(path: path)
        var sampler = LayoutSampler(sampleSize: layoutSample)
        var splitter = BlockSplitter()
        var decoder = InputDecoder()
        var chunk: [UInt8] = []
        var done = 0
        var nextReport = progressInterval
        func feed(_ encoding: TextEncoding, _ skipped: Int, _ piece: UnsafeBufferPointer<UInt8>) {
            if !splitter.configured { splitter.configure(encoding, skipped: skipped) }
            splitter.feed(piece, warnings: &warnings) { block, index, isLast in
                sampler.add(block: block, index: index, isLast: isLast, to: &builder)
            }
        }
        while read(&chunk) {
            chunk.withUnsafeBufferPointer { decoder.decode($0, feed) }
            done += chunk.count
            if done >= nextReport {
                progress(done)
                nextReport = done + progressInterval
            }
        }
        decoder.finish(feed)
        if !splitter.configured { splitter.configure(decoder.decided ?? .utf8, skipped: decoder.skipped) }
        let lineCount = splitter.finish(warnings: &warnings) { block, index, isLast in
            sampler.add(block: block, index: index, isLast: isLast, to: &builder)
        }
        sampler.finish(&builder)
        progress(done)
        var document = builder.finish(lineCount: lineCount, warnings: warnings.finish(),
                                      encoding: decoder.decided ?? .utf8)
        document.linesWithInvalidText = splitter.linesWithInvalidText
        return document
    }

    // MARK: Lines

    struct Line {
        var number: Int
        /// Text with surrounding white space removed.
        var text: String
        /// 1-based column (in scalars) of `text`'s first scalar.
        var column: Int
        var scalarCount: Int
        var isBlank: Bool { text.isEmpty }
    }

    struct WarningLog {
        var warnings: [ParseWarning] = []
        var dropped = 0

        mutating func add(_ warning: ParseWarning) {
            if warnings.count < Parser.maxWarnings { warnings.append(warning) } else { dropped += 1 }
        }

        func finish() -> [ParseWarning] {
            guard dropped > 0 else { return warnings }
            let last = warnings.last?.line ?? 0
            return warnings + [ParseWarning(line: last, byteOffset: nil, message: "\(dropped) more warnings not shown")]
        }
    }

    static let progressInterval = 1 << 20

    /// Tells the file's encoding from its first bytes (a UTF-8 BOM is skipped; a UTF-16 BOM,
    /// little- or big-endian, makes the rest UTF-16) and hands on UTF-8: the file's own bytes,
    /// or the UTF-16 transcoded piece by piece. A code unit cut at the end of a piece, or a
    /// surrogate pair cut in two, waits for the next. An unpaired surrogate (or an odd last
    /// byte) becomes the byte 0xFF, which the splitter turns into U+FFFD with a warning.
    struct InputDecoder {
        /// nil until the first bytes are in.
        private(set) var decided: TextEncoding?
        /// Bytes of BOM skipped.
        private(set) var skipped = 0
        private var head: [UInt8] = []
        /// A byte of a code unit cut at the end of a piece.
        private var oddByte: UInt8?
        /// A high surrogate waiting for its low half.
        private var highSurrogate: UInt16?
        private var output: [UInt8] = []

        /// `body` is given the encoding, the BOM's length and a piece of UTF-8.
        typealias Sink = (TextEncoding, Int, UnsafeBufferPointer<UInt8>) -> Void

        mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ body: Sink) {
            if decided == nil {
                head.append(contentsOf: bytes)
                guard head.count >= 3 else { return }
                decide()
                let start = skipped
                let rest = head
                head = []
                rest.withUnsafeBufferPointer { emit(UnsafeBufferPointer(rebasing: $0[start...]), body) }
                return
            }
            emit(bytes, body)
        }

        /// The end of the file: what is still held back.
        mutating func finish(_ body: Sink) {
            if decided == nil {
                decide()
                let start = skipped
                let rest = head
                head = []
                rest.withUnsafeBufferPointer { emit(UnsafeBufferPointer(rebasing: $0[start...]), body) }
            }
            guard decided != .utf8 else { return }
            output.removeAll(keepingCapacity: true)
            if highSurrogate != nil { output.append(0xFF); highSurrogate = nil }
            if oddByte != nil { output.append(0xFF); oddByte = nil }
            if !output.isEmpty { deliver(body) }
        }

        private func deliver(_ body: Sink) {
            output.withUnsafeBufferPointer { body(decided!, skipped, $0) }
        }

        private mutating func decide() {
            if head.count >= 2 && head[0] == 0xFF && head[1] == 0xFE {
                decided = .utf16LittleEndian
                skipped = 2
            } else if head.count >= 2 && head[0] == 0xFE && head[1] == 0xFF {
                decided = .utf16BigEndian
                skipped = 2
            } else {
                decided = .utf8
                skipped = head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0
            }
        }

        private mutating func emit(_ bytes: UnsafeBufferPointer<UInt8>, _ body: Sink) {
            guard decided != .utf8 else {
                if !bytes.isEmpty { body(.utf8, skipped, bytes) }
                return
            }
            let bigEndian = decided == .utf16BigEndian
            output.removeAll(keepingCapacity: true)
            output.reserveCapacity(bytes.count / 2 * 3 + 8)
            var i = 0
            let count = bytes.count
            @inline(__always) func unit(_ a: UInt8, _ b: UInt8) -> UInt16 {
                bigEndian ? UInt16(a) << 8 | UInt16(b) : UInt16(b) << 8 | UInt16(a)
            }
            if let odd = oddByte, count > 0 {
                oddByte = nil
                put(unit(odd, bytes[0]))
                i = 1
            }
            while i + 1 < count {
                let a = bytes[i], b = bytes[i + 1]
                // ASCII, the common case, straight through.
                if highSurrogate == nil && (bigEndian ? a == 0 && b < 0x80 : b == 0 && a < 0x80) {
                    output.append(bigEndian ? b : a)
                } else {
                    put(unit(a, b))
                }
                i += 2
            }
            if i < count { oddByte = bytes[i] }
            if !output.isEmpty { deliver(body) }
        }

        /// Appends one UTF-16 code unit's worth of UTF-8.
        @inline(__always)
        private mutating func put(_ unit: UInt16) {
            if let high = highSurrogate {
                highSurrogate = nil
                if unit >= 0xDC00 && unit <= 0xDFFF {
                    let value = 0x10000 + (UInt32(high - 0xD800) << 10 | UInt32(unit - 0xDC00))
                    append(value)
                    return
                }
                output.append(0xFF)
            }
            if unit >= 0xD800 && unit <= 0xDBFF { highSurrogate = unit; return }
            if unit >= 0xDC00 && unit <= 0xDFFF { output.append(0xFF); return }
            append(UInt32(unit))
        }

        @inline(__always)
        private mutating func append(_ v: UInt32) {
            if v < 0x80 {
                output.append(UInt8(v))
            } else if v < 0x800 {
                output.append(UInt8(0xC0 | v >> 6)); output.append(UInt8(0x80 | v & 0x3F))
            } else if v < 0x10000 {
                output.append(UInt8(0xE0 | v >> 12)); output.append(UInt8(0x80 | (v >> 6) & 0x3F))
                output.append(UInt8(0x80 | v & 0x3F))
            } else {
                output.append(UInt8(0xF0 | v >> 18)); output.append(UInt8(0x80 | (v >> 12) & 0x3F))
                output.append(UInt8(0x80 | (v >> 6) & 0x3F)); output.append(UInt8(0x80 | v & 0x3F))
            }
        }
    }

    /// Splits UTF-8 into lines at LF, CRLF or a lone CR (old Mac files), decodes it with
    /// U+FFFD for invalid bytes and reports where they were; hands over each block (a run of
    /// non-blank lines) with its index and whether it is the last one. Fed the text in pieces:
    /// only the new piece is searched for line ends, and a line cut at the end of a piece is
    /// kept (appended to, never copied again) until its end comes, so a line costs the same
    /// however long it is and however it is cut. A line break never falls inside a UTF-8
    /// sequence, so no character is ever cut; a CR ending a piece notes that an LF starting
    /// the next belongs to it.
    struct BlockSplitter {
        /// One block of lookahead, to tell the last block.
        private var pending: [Line]?
        private var blockIndex = 0
        private var current: [Line] = []
        private var number = 0
        /// File offset of the next piece's first byte.
        private var pieceOffset = 0
        /// File offset of the first byte of the line being read (of `carry`).
        private var lineOffset = 0
        /// The start of a line whose end has not come yet.
        private var carry: [UInt8] = []
        /// The last piece ended with a CR: an LF at the start of the next ends nothing.
        private var afterCR = false
        private(set) var configured = false
        /// The text was UTF-16: warnings name lines only (byte offsets would be the UTF-8's).
        private var transcoded = false
        /// Lines where bytes could not be decoded (each became U+FFFD).
        private(set) var linesWithInvalidText = 0

        mutating func configure(_ encoding: TextEncoding, skipped: Int) {
            configured = true
            transcoded = encoding != .utf8
            pieceOffset = transcoded ? 0 : skipped
            lineOffset = pieceOffset
        }

        private mutating func close(_ body: ([Line], Int, Bool) -> Void) {
            guard !current.isEmpty else { return }
            if let previous = pending {
                body(previous, blockIndex, false)
                blockIndex += 1
            }
            pending = current
            current = []
        }

        /// Ends the file: the last line (without a line break) and the last block. Returns the
        /// line count.
        mutating func finish(warnings: inout WarningLog, _ body: ([Line], Int, Bool) -> Void) -> Int {
            if !carry.isEmpty {
                let rest = carry
                carry = []
                rest.withUnsafeBufferPointer { line($0, warnings: &warnings, body) }
            }
            close(body)
            if let last = pending { body(last, blockIndex, true) }
            return number
        }

        /// Every line `bytes` ends; the start of a line it does not end is carried.
        mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, warnings: inout WarningLog,
                           _ body: ([Line], Int, Bool) -> Void) {
            let count = bytes.count
            var start = 0
            if afterCR && count > 0 {
                afterCR = false
                if bytes[0] == 0x0A {
                    start = 1
                    lineOffset = pieceOffset + 1
                }
            }
            var i = start
            while i < count {
                let byte = bytes[i]
                if byte != 0x0A && byte != 0x0D { i += 1; continue }
                if carry.isEmpty {
                    line(UnsafeBufferPointer(rebasing: bytes[start ..< i]), warnings: &warnings, body)
                } else {
                    carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< i]))
                    let whole = carry
                    carry = []
                    whole.withUnsafeBufferPointer { line($0, warnings: &warnings, body) }
                }
                i += 1
                if byte == 0x0D {
                    if i < count {
                        if bytes[i] == 0x0A { i += 1 }
                    } else {
                        afterCR = true
                    }
                }
                start = i
                lineOffset = pieceOffset + i
            }
            if start < count { carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< count])) }
            pieceOffset += count
        }

        /// One line, without its line break; `lineOffset` is where it starts in the file.
        private mutating func line(_ bytes: UnsafeBufferPointer<UInt8>, warnings: inout WarningLog,
                                   _ body: ([Line], Int, Bool) -> Void) {
            number += 1
            var invalid = false
            let line = Parser.makeLine(bytes, number: number, base: transcoded ? nil : lineOffset,
                                       transcoded: transcoded, invalid: &invalid, warnings: &warnings)
            if invalid { linesWithInvalidText += 1 }
            if line.isBlank { close(body) } else { current.append(line) }
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// A line's bytes (without its line break). `base`: the file offset of its first byte
    /// (nil when the file was transcoded, so that offsets would not be the file's);
    /// `invalid` is set when some bytes were not valid UTF-8.
    fileprivate static func makeLine(_ buffer: UnsafeBufferPointer<UInt8>, number: Int, base: Int?, transcoded: Bool,
                                     invalid: inout Bool, warnings: inout WarningLog) -> Line {
        var first = 0, last = buffer.count
        // Indentation: spaces, tabs and no-break spaces (U+00A0, bytes C2 A0), which
        // web-extracted and converted books indent with; each counts as one column.
        var indentScalars = 0
        while first < last {
            if isSpace(buffer[first]) {
                first += 1
            } else if buffer[first] == 0xC2 && first + 1 < last && buffer[first + 1] == 0xA0 {
                first += 2
            } else {
                break
            }
            indentScalars += 1
        }
        while last > first {
            if isSpace(buffer[last - 1]) {
                last -= 1
            } else if last - first >= 2 && buffer[last - 2] == 0xC2 && buffer[last - 1] == 0xA0 {
                last -= 2
            } else {
                break
            }
        }
        let column = indentScalars + 1
        if first == last { return Line(number: number, text: "", column: column, scalarCount: 0) }

        var isASCII = true
        var controlOffset: Int?
        for i in first..<last {
            let byte = buffer[i]
            if byte >= 0x80 { isASCII = false }
            if controlOffset == nil && ((byte < 0x20 && byte != 0x09) || byte == 0x7F) { controlOffset = i }
        }
        let slice = UnsafeBufferPointer(rebasing: buffer[first..<last])
        let text: String
        let scalarCount: Int
        if isASCII {
            text = String(decoding: slice, as: UTF8.self)
            scalarCount = last - first
        } else {
            if let bad = firstInvalidUTF8(slice) {
                invalid = true
                warnings.add(ParseWarning(line: number, byteOffset: base.map { $0 + first + bad },
                                          message: transcoded ? "unpaired UTF-16 surrogate, replaced with U+FFFD"
                                              : "invalid UTF-8, replaced with U+FFFD"))
            }
            text = String(decoding: slice, as: UTF8.self)
            var count = 0
            for scalar in text.unicodeScalars {
                count += 1
                if controlOffset == nil && (0x80...0x9F).contains(scalar.value) { controlOffset = first }
            }
            scalarCount = count
        }
        if let controlOffset {
            warnings.add(ParseWarning(line: number, byteOffset: base.map { $0 + controlOffset },
                                      message: "control character kept; it is shown escaped"))
        }
        return Line(number: number, text: text, column: column, scalarCount: scalarCount)
    }

    /// Offset of the first byte that does not start or continue a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let count = bytes.count
        while i < count {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            if i + length > count { return i }
            let b1 = bytes[i + 1]
            if b1 < lower || b1 > upper { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    // MARK: Classifying lines

    static func firstScalar(_ text: String) -> Unicode.Scalar? { text.unicodeScalars.first }
    static func lastScalar(_ text: String) -> Unicode.Scalar? { text.unicodeScalars.last }

    static func startsLowercase(_ text: String) -> Bool {
        guard let scalar = firstScalar(text) else { return false }
        return scalar.properties.isLowercase
    }

    static func startsUppercaseOrDigit(_ text: String) -> Bool {
        guard let scalar = firstScalar(text) else { return false }
        return scalar.properties.isUppercase || ("0"..."9").contains(scalar)
    }

    /// A short standalone line that introduces a section: no sentence punctuation at its end,
    /// not a quotation, starting with a capital or a digit.
    static func looksLikeHeading(_ line: Line) -> Bool {
        guard line.scalarCount > 0, line.scalarCount <= maxHeadingLength,
              startsUppercaseOrDigit(line.text), let last = lastScalar(line.text) else { return false }
        if ".,;:".unicodeScalars.contains(last) { return false }
        return true
    }

    static func isSourcesHeading(_ line: Line) -> Bool {
        guard line.scalarCount <= 15 else { return false }
        let folded = line.text.lowercased()
        return folded == "primary sources" || folded == "sources"
    }

    /// `(N) rest` with N the expected number: returns the header text and its column.
    static func sourceHeader(_ line: Line, expecting number: Int) -> (header: String, column: Int)? {
        let scalars = line.text.unicodeScalars
        guard scalars.first == "(" else { return nil }
        var index = scalars.index(after: scalars.startIndex)
        var value = 0, digits = 0
        while index < scalars.endIndex, ("0"..."9").contains(scalars[index]), digits < 6 {
            value = value * 10 + Int(scalars[index].value - 48)
            digits += 1
            index = scalars.index(after: index)
        }
        guard digits > 0, value == number, index < scalars.endIndex, scalars[index] == ")" else { return nil }
        index = scalars.index(after: index)
        var skipped = digits + 2
        while index < scalars.endIndex, scalars[index] == " " || scalars[index] == "\t" {
            index = scalars.index(after: index)
            skipped += 1
        }
        guard index < scalars.endIndex else { return nil }
        return (String(scalars[index...]), line.column + skipped)
    }
}

// MARK: Building the document

struct DocumentBuilder {
    let path: String
    var title = ""
    var titleLine = 0
    var titleColumn = 1
    var chapters: [Chapter] = []
    var sourcesHeading: Heading?
    var sourcesPreamble: [Paragraph] = []
    var sources: [Source] = []

    /// Set by the layout sampler before the first block arrives.
    var layout = BookLayout()
    /// Where text goes outside the chapters: a Gutenberg header until its START marker, a
    /// licence from its END marker on.
    private var matter: ChapterRole = .body
    /// The chapter just started with a bare division marker ("CHAPTER I"): a title on the
    /// next line joins its heading.
    private var awaitingTitle = false
    /// A lone line that may head a part of the book ("THE WAR IN GAUL" above "BOOK I"): it is
    /// one when the next block opens with a numbered division, text otherwise.
    private var pendingPart: Parser.Line?
    /// A marked picture whose bracket has not closed by the end of its block ("[Illustration:
    /// Father Abraham ... text:" above the verses it quotes): the blocks read so far, the
    /// first from its marker. It runs on to the line that closes the bracket, within
    /// `maxFigureLines`; past that it was no picture's text, and the blocks are read as usual.
    private var openFigure: [([Parser.Line], Bool)] = []
    static let maxFigureLines = 60
    /// The last line of the block before this one, and the first of this one.
    private var previousEnd = 0
    private var blockStart = 0

    init(path: String) { self.path = path }

    var inSources: Bool { sourcesHeading != nil }

    /// Adds the block numbered `index` (0 is the first), a run of non-blank lines.
    mutating func add(block: [Parser.Line], index: Int, isLast: Bool) {
        if index == 0 && layout.gutenberg { matter = .frontMatter }
        if pendingPart != nil { flushPendingPart(before: block) }
        blockStart = block.first?.number ?? 0
        let body = index == 0 ? takeTitle(block) : block
        if !openFigure.isEmpty {
            continueFigure(body, isLast: isLast)
        } else if !body.isEmpty {
            addWithMatter(body, isLast: isLast)
        }
        previousEnd = block.last?.number ?? previousEnd
    }

    /// The next block of an open picture: up to the line that closes its bracket.
    private mutating func continueFigure(_ block: [Parser.Line], isLast: Bool) {
        let held = openFigure.reduce(0) { $0 + $1.0.count }
        let close = block.firstIndex { $0.text.contains("]") }
        let endsMatter = block.contains { Self.mayBeGutenbergEnd($0) && LineReading.isGutenbergEnd($0.text) }
        guard !endsMatter, held + (close.map { $0 + 1 } ?? block.count) <= Self.maxFigureLines else {
            // No bracket closes it in reach: the marker's block is the picture, as when the
            // book ends with it open, and the rest is read as it would have been.
            finishOpenFigure()
            if !block.isEmpty { replay(block, isLast: isLast) }
            return
        }
        guard let close else {
            openFigure.append((block, isLast))
            if isLast { finishOpenFigure() }
            return
        }
        let lines = openFigure.flatMap(\.0) + block[...close]
        openFigure = []
        appendToCurrentChapter(.figure(makeFigure(alt: lines, caption: [])))
        if close + 1 < block.count { addWithMatter(Array(block[(close + 1)...]), isLast: isLast) }
    }

    /// The book ended with the bracket open: the marker's block is the picture.
    private mutating func finishOpenFigure() {
        guard !openFigure.isEmpty else { return }
        let blocks = openFigure
        openFigure = []
        appendToCurrentChapter(.figure(makeFigure(alt: blocks[0].0, caption: [])))
        for (lines, last) in blocks.dropFirst() { replay(lines, isLast: last) }
    }

    /// A block held while a picture was open, read as it would have been.
    private mutating func replay(_ block: [Parser.Line], isLast: Bool) {
        if pendingPart != nil { flushPendingPart(before: block) }
        addWithMatter(block, isLast: isLast)
    }

    /// The held lone line heads a part when `next` opens with a numbered division marker.
    private mutating func flushPendingPart(before next: [Parser.Line]?) {
        guard let line = pendingPart else { return }
        pendingPart = nil
        if let first = next?.first, matter == .body, LineReading.isNumberedDivision(first.text) {
            startChapter(Heading(line: line.number, text: line.text, column: line.column))
        } else {
            appendToCurrentChapter(.paragraph(joined([line])))
        }
    }

    /// A line set apart (two blank lines or more before it) in capitals or title case that
    /// does not read as a sentence, and does not end in a full stop (a signature does).
    private func mayHeadAPart(_ line: Parser.Line) -> Bool {
        guard line.number == blockStart, line.number - previousEnd > 2, line.scalarCount <= Parser.maxHeadingLength,
              Parser.startsUppercaseOrDigit(line.text), !LineReading.readsAsProse(line.text),
              let last = LineReading.lastMark(line.text), !".!?".contains(last),
              !LineReading.bookFurniture.contains(line.text.lowercased()) else { return false }
        return LineReading.isUpperCase(line.text) || LineReading.isTitleLike(line.text)
    }

    /// The first line is the title when it looks like one; otherwise the title comes from the
    /// file name and the line is ordinary text.
    private mutating func takeTitle(_ block: [Parser.Line]) -> [Parser.Line] {
        guard let first = block.first else { return block }
        if layout.markdown, LineReading.markdownHeadingLevel(first.text) == 1 {
            let (text, column) = Self.withoutMarkdownPrefix(first)
            title = text
            titleLine = first.number
            titleColumn = column
            return Array(block.dropFirst())
        }
        guard Parser.looksLikeHeading(first) else { return block }
        title = first.text
        titleLine = first.number
        titleColumn = first.column
        return Array(block.dropFirst())
    }

    static func withoutMarkdownPrefix(_ line: Parser.Line) -> (String, Int) {
        let prefix = LineReading.markdownPrefixLength(line.text)
        return (String(line.text.unicodeScalars.dropFirst(prefix)), line.column + prefix)
    }

    // MARK: Front and back matter

    /// Sends a Gutenberg header's and licence's lines to their matter, the rest to the body.
    private mutating func addWithMatter(_ block: [Parser.Line], isLast: Bool) {
        switch matter {
        case .frontMatter:
            guard let start = block.firstIndex(where: { LineReading.isGutenbergStart($0.text) }) else {
                addMatter(block, role: .frontMatter)
                return
            }
            addMatter(Array(block[...start]), role: .frontMatter)
            matter = .body
            if start + 1 < block.count { addWithMatter(Array(block[(start + 1)...]), isLast: isLast) }
        case .body:
            guard let end = block.firstIndex(where: { Self.mayBeGutenbergEnd($0) && LineReading.isGutenbergEnd($0.text) }) else {
                addBody(block, isLast: isLast)
                return
            }
            if end > 0 { addBody(Array(block[..<end]), isLast: false) }
            matter = .backMatter
            addMatter(Array(block[end...]), role: .backMatter)
        case .backMatter:
            addMatter(block, role: .backMatter)
        }
    }

    /// A cheap look at the first byte before the full test: every line of the book passes here.
    private static func mayBeGutenbergEnd(_ line: Parser.Line) -> Bool {
        guard let first = line.text.utf8.first else { return false }
        return first == UInt8(ascii: "*") || first == UInt8(ascii: "E") || first == UInt8(ascii: "e")
    }

    private mutating func addMatter(_ block: [Parser.Line], role: ChapterRole) {
        if chapters.last?.role != role { chapters.append(Chapter(index: chapters.count, heading: nil, blocks: [], role: role)) }
        for paragraph in paragraphs(of: block) { chapters[chapters.count - 1].blocks.append(.paragraph(paragraph)) }
        awaitingTitle = false
    }

    // MARK: The body

    private mutating func addBody(_ block: [Parser.Line], isLast: Bool) {
        if inSources { addSourcesBlock(block); return }
        // A marked picture, and in Markdown a `#` heading, stand apart from the lines around them.
        if let marked = block.firstIndex(where: { isMarkedLine($0) }) {
            if marked > 0 { addBody(Array(block[..<marked]), isLast: false) }
            var next = marked + 1
            if layout.markdown, LineReading.markdownHeadingLevel(block[marked].text) != nil {
                let (text, column) = Self.withoutMarkdownPrefix(block[marked])
                if !chapters.contains(where: { $0.role == .body && $0.heading != nil }), LineReading.isHeaderField(text) {
                    // "## Author: Frederick Douglass" above the first chapter: the book's details.
                    let line = Parser.Line(number: block[marked].number, text: text, column: column,
                                           scalarCount: text.unicodeScalars.count)
                    appendToCurrentChapter(.paragraph(joined([line])))
                } else {
                    startChapter(Heading(line: block[marked].number, text: text, column: column))
                }
            } else {
                // "[Illustration: ...]" runs to the line that closes its bracket.
                var last = marked
                while last + 1 < block.count, !block[last].text.contains("]") { last += 1 }
                if !block[last].text.contains("]") && !isLast {
                    // Still open at the end of the block: it may run on over the next ones.
                    openFigure = [(Array(block[marked...last]), isLast)]
                    awaitingTitle = false
                    return
                }
                appendToCurrentChapter(.figure(makeFigure(alt: Array(block[marked...last]), caption: [])))
                next = last + 1
            }
            awaitingTitle = false
            if next < block.count { addBody(Array(block[next...]), isLast: isLast) }
            return
        }
        if awaitingTitle, !isLast, Self.readsAsTitle(block) {
            joinTitle(block)
            return
        }
        awaitingTitle = false
        if layout.markdown {
            for paragraph in paragraphs(of: block) { appendToCurrentChapter(.paragraph(paragraph)) }
            return
        }
        switch layout.wrapping {
        case .onePerLine: addOnePerLine(block, isLast: isLast)
        case .hardWrapped: addHardWrapped(block, isLast: isLast)
        }
    }

    private func isMarkedLine(_ line: Parser.Line) -> Bool {
        guard let first = line.text.utf8.first else { return false }
        if first == UInt8(ascii: "[") { return LineReading.isIllustrationMarker(line.text) }
        return layout.markdown && first == UInt8(ascii: "#") && LineReading.markdownHeadingLevel(line.text) != nil
    }

    /// A line that can be a division's title: a label, not a sentence or dialogue ("Down the
    /// Rabbit-Hole", "WHO STOLE THE TARTS?").
    static func readsAsTitle(_ line: Parser.Line) -> Bool {
        var text = line.text
        // A title in quotation marks: “HOOK OR ME THIS TIME”.
        if let first = text.first, let last = text.last, text.count > 2, "“\"".contains(first), "”\"".contains(last) {
            text = String(text.dropFirst().dropLast())
        }
        guard line.scalarCount <= Parser.maxHeadingLength, Parser.startsUppercaseOrDigit(text),
              !LineReading.isDivisionMarker(text), let last = LineReading.lastMark(text),
              !",;:-—".contains(last) else { return false }
        // A compound is one word: "Fifty-two" is as much a title as "Rabbit-Hole".
        var compound = ""
        var beforeHyphen: Character = " "
        for character in text {
            if compound.last == "-", beforeHyphen.isLetter, character.isLetter { compound.removeLast() }
            if character == "-" { beforeHyphen = compound.last ?? " " }
            compound.append(character)
        }
        return LineReading.isTitleLike(compound) || LineReading.isUpperCase(text)
    }

    /// A title that runs over two or three short lines ("ANCESTRY AND EARLY YOUTH IN" above
    /// "BOSTON"): read as one, each line no longer than a heading and the whole a title.
    static func readsAsTitle(_ block: [Parser.Line]) -> Bool {
        guard let first = block.first else { return false }
        if block.count == 1 { return readsAsTitle(first) }
        guard block.count <= 3, block.allSatisfy({ $0.scalarCount <= Parser.maxHeadingLength / 2 }),
              !block.contains(where: { LineReading.isDivisionMarker($0.text) }) else { return false }
        let text = block.map(\.text).joined(separator: " ")
        return readsAsTitle(Parser.Line(number: first.number, text: text, column: first.column,
                                        scalarCount: text.unicodeScalars.count))
    }

    private mutating func joinTitle(_ line: Parser.Line) { joinTitle([line]) }

    private mutating func joinTitle(_ lines: [Parser.Line]) {
        awaitingTitle = false
        guard var heading = chapters.last?.heading else { return }
        for line in lines {
            let offset = heading.text.unicodeScalars.count + 1
            heading.text += " " + line.text
            heading.titleLines.append(LineSegment(textOffset: offset, line: line.number, column: line.column))
        }
        chapters[chapters.count - 1].heading = heading
    }

    private mutating func startDivision(_ line: Parser.Line) {
        startChapter(Heading(line: line.number, text: line.text, column: line.column))
        awaitingTitle = LineReading.isNumberedDivision(line.text)
    }

    /// Text extracted from the web, like the bundled book: the rules it was written for.
    private mutating func addOnePerLine(_ block: [Parser.Line], isLast: Bool) {
        if block.count == 1 {
            let line = block[0]
            if Parser.isSourcesHeading(line) {
                sourcesHeading = Heading(line: line.number, text: line.text, column: line.column)
                return
            }
            // A lone line repeating the title straight after it is the portrait's alt text.
            if titleLine > 0, chapters.isEmpty, line.text == title {
                appendToCurrentChapter(.figure(makeFigure(alt: [line], caption: [])))
                return
            }
            // A heading introduces something: a short line that ends the book is text.
            if !isLast, layout.numberedDivisions ? LineReading.isDivisionMarker(line.text) : Self.isOnePerLineHeading(line) {
                startDivision(line)
                return
            }
        }
        if let (figureLines, heading) = figureShape(block) {
            appendToCurrentChapter(.figure(makeFigure(alt: [figureLines[0]], caption: Array(figureLines.dropFirst()))))
            if let heading { startChapter(Heading(line: heading.number, text: heading.text, column: heading.column)) }
            return
        }
        for paragraph in paragraphs(of: block) { appendToCurrentChapter(.paragraph(paragraph)) }
    }

    /// A short line without a sentence's end, or a division marker whatever ends it; never a
    /// letter's greeting ("DEAR SIR,--") or an exclamation or question in words of a sentence.
    static func isOnePerLineHeading(_ line: Parser.Line) -> Bool {
        if LineReading.isDivisionMarker(line.text) { return true }
        guard Parser.looksLikeHeading(line) else { return false }
        if line.text.hasSuffix("-") || line.text.hasSuffix("—") { return false }
        if let last = LineReading.lastMark(line.text), "!?".contains(last) { return LineReading.isTitleLike(line.text) }
        return true
    }

    /// Hard-wrapped prose: a block is a paragraph unless it is a heading (a division marker,
    /// perhaps with its title below it, or a lone title line) or the sources' heading.
    private mutating func addHardWrapped(_ block: [Parser.Line], isLast: Bool) {
        let first = block[0]
        if block.count == 1, Parser.isSourcesHeading(first) {
            sourcesHeading = Heading(line: first.number, text: first.text, column: first.column)
            return
        }
        let shortLine = layout.lineWidth * 6 / 10
        // A marker above its title and text. A marker starting a long line of a paragraph
        // ("BOOK I. (Folio), CHAPTER I. (Sperm Whale).—This whale, among the") is prose, unless
        // the block is a title wrapped onto a short second line; a block of several markers is
        // a table of contents.
        let headingBlock = block.count == 1 || first.scalarCount < shortLine
            || (block.count == 2 && block[1].scalarCount < shortLine
                && !LineReading.openingQuotes.contains(block[1].text.first ?? " "))
        if !isLast || block.count > 1, headingBlock, LineReading.isDivisionMarker(first.text),
           !block.dropFirst().contains(where: { LineReading.isDivisionMarker($0.text) }) {
            startDivision(first)
            var rest = block.dropFirst()
            if let title = rest.first, Self.readsAsTitle(title) || (block.count == 2 && first.scalarCount >= shortLine) {
                joinTitle(title)
                rest = rest.dropFirst()
            }
            if !rest.isEmpty {
                awaitingTitle = false
                for paragraph in paragraphs(of: Array(rest)) { appendToCurrentChapter(.paragraph(paragraph)) }
            }
            return
        }
        if block.count == 1, !isLast, isHardWrappedHeading(first) {
            startDivision(first)
            return
        }
        if block.count == 1, !isLast, layout.numberedDivisions, mayHeadAPart(first) {
            pendingPart = first
            return
        }
        for paragraph in paragraphs(of: block) { appendToCurrentChapter(.paragraph(paragraph)) }
    }

    /// A lone line that is a title: in capitals, in title case, or centred, and never prose.
    private func isHardWrappedHeading(_ line: Parser.Line) -> Bool {
        guard line.scalarCount <= Parser.maxHeadingLength, Parser.startsUppercaseOrDigit(line.text),
              !LineReading.readsAsProse(line.text), !layout.numberedDivisions else { return false }
        if LineReading.isUpperCase(line.text) || LineReading.isTitleLike(line.text) { return true }
        // Centred: indented about as far as the line falls short of the book's width.
        let indent = line.column - 1
        let right = layout.lineWidth - indent - line.scalarCount
        return indent >= 4 && right >= 0 && abs(indent - right) <= max(4, layout.lineWidth / 5)
    }

    /// An image block: 2-3 short lines, an alt text then a caption (which may wrap onto a line
    /// starting in lower case). A third line that is not a continuation is a heading that
    /// follows the image without a blank line. The alt text is a label (a name, a title), never
    /// a sentence: prose is not a picture.
    private func figureShape(_ block: [Parser.Line]) -> ([Parser.Line], Parser.Line?)? {
        guard block.count == 2 || block.count == 3,
              block.allSatisfy({ $0.scalarCount <= Parser.unwrappedLineLength }) else { return nil }
        let alt = block[0], caption = block[1]
        guard alt.scalarCount <= Parser.maxHeadingLength, !Parser.startsLowercase(alt.text),
              let altEnd = Parser.lastScalar(alt.text), !",;:.!?".unicodeScalars.contains(altEnd),
              LineReading.isTitleLike(alt.text),
              !Parser.startsLowercase(caption.text) else { return nil }
        if block.count == 2 { return (block, nil) }
        let third = block[2]
        if Parser.startsLowercase(third.text) { return (block, nil) }
        if Parser.looksLikeHeading(third) { return (Array(block.prefix(2)), third) }
        return (block, nil)
    }

    private func makeFigure(alt: [Parser.Line], caption: [Parser.Line]) -> Figure {
        let captionParagraph = caption.isEmpty ? nil : joined(caption)
        return Figure(line: alt[0].number, endLine: caption.last?.number ?? alt[alt.count - 1].number,
                      altText: joined(alt), caption: captionParagraph,
                      chapter: currentChapterIndexForAppend)
    }

    /// Consecutive lines: long lines are paragraphs of their own, short ones are hard-wrapped
    /// prose joined into one paragraph. In a hard-wrapped book a line that stops well short of
    /// the book's width ends its paragraph (a verse, an address, a list).
    private func paragraphs(of block: [Parser.Line]) -> [Paragraph] {
        var result: [Paragraph] = []
        var pending: [Parser.Line] = []
        let shortLine = layout.wrapping == .hardWrapped && layout.lineWidth >= 30 ? layout.lineWidth * 6 / 10 : 0
        for line in block {
            // A line set in columns is a row of a table or a contents list: it ends its paragraph.
            if let previous = pending.last,
               previous.scalarCount > Parser.unwrappedLineLength || previous.scalarCount < shortLine
                || (shortLine > 0 && LineReading.hasColumnGap(previous.text)) {
                result.append(joined(pending))
                pending.removeAll()
            }
            pending.append(line)
        }
        if !pending.isEmpty { result.append(joined(pending)) }
        return result
    }

    func joined(_ lines: [Parser.Line]) -> Paragraph {
        if lines.count == 1 {
            let line = lines[0]
            return Paragraph(line: line.number, endLine: line.number, text: line.text,
                             segments: [LineSegment(textOffset: 0, line: line.number, column: line.column)])
        }
        var text = ""
        var segments: [LineSegment] = []
        var offset = 0
        for (i, line) in lines.enumerated() {
            if i > 0 {
                text += " "
                offset += 1
            }
            segments.append(LineSegment(textOffset: offset, line: line.number, column: line.column))
            text += line.text
            offset += line.scalarCount
        }
        return Paragraph(line: lines[0].number, endLine: lines[lines.count - 1].number, text: text, segments: segments)
    }

    private var currentChapterIndexForAppend: Int { chapters.last?.role == .body ? chapters.count - 1 : chapters.count }

    private mutating func startChapter(_ heading: Heading) {
        chapters.append(Chapter(index: chapters.count, heading: heading, blocks: []))
    }

    private mutating func appendToCurrentChapter(_ block: Block) {
        if chapters.last?.role ?? .frontMatter != .body { chapters.append(Chapter(index: chapters.count, heading: nil, blocks: [])) }
        chapters[chapters.count - 1].blocks.append(block)
    }

    // MARK: Sources

    private mutating func addSourcesBlock(_ block: [Parser.Line]) {
        // Inside sources every line is text: dialogue and short lines are paragraphs, and a
        // header may follow text without a blank line.
        var pending: [Parser.Line] = []
        func flush(_ builder: inout DocumentBuilder) {
            guard !pending.isEmpty else { return }
            for paragraph in builder.paragraphs(of: pending) {
                if builder.sources.isEmpty {
                    builder.sourcesPreamble.append(paragraph)
                } else {
                    builder.sources[builder.sources.count - 1].paragraphs.append(paragraph)
                }
            }
            pending.removeAll()
        }
        for line in block {
            if let (header, column) = Parser.sourceHeader(line, expecting: sources.count + 1) {
                flush(&self)
                let fields = SourceHeader.fields(of: header)
                sources.append(Source(number: sources.count + 1, line: line.number, header: header,
                                      headerColumn: column, author: fields?.author, title: fields?.title,
                                      date: fields?.date, paragraphs: []))
            } else {
                pending.append(line)
            }
        }
        flush(&self)
    }

    func finish(lineCount: Int, warnings: [ParseWarning], encoding: TextEncoding = .utf8) -> Document {
        var builder = self
        builder.finishOpenFigure()
        builder.flushPendingPart(before: nil)
        return builder.finished(lineCount: lineCount, warnings: warnings, encoding: encoding)
    }

    private func finished(lineCount: Int, warnings: [ParseWarning], encoding: TextEncoding) -> Document {
        var documentTitle = title
        if documentTitle.isEmpty { documentTitle = Self.fileStem(path) }
        var all = warnings
        if encoding != .utf8 {
            // Said first, so that export --json and the explorer tell how the text was read.
            all.insert(ParseWarning(line: 1, byteOffset: 0, message: "the file is \(encoding.name) (it starts with a "
                                    + "byte order mark): decoded to UTF-8; columns count its characters"), at: 0)
        }
        var document = Document(path: path, title: documentTitle, titleLine: titleLine, lineCount: lineCount,
                        chapters: Self.withPrefacesInTheirDivisions(Self.withoutContentsRuns(Self.withoutContentsEntries(chapters))), sourcesHeading: sourcesHeading, sourcesPreamble: sourcesPreamble,
                        sources: sources, warnings: all)
        document.titleColumn = titleColumn
        document.encoding = encoding
        document.layout = layout
        return document
    }

    /// A division whose heading the book repeats further on ("CHAPTER 72. The Monkey-Rope." in
    /// the contents, then above the chapter) and which holds next to no text is an entry of the
    /// contents: it joins the text before it.
    static func withoutContentsEntries(_ chapters: [Chapter]) -> [Chapter] {
        var lastWithKey: [String: Int] = [:]
        var keys: [String?] = []
        for (index, chapter) in chapters.enumerated() {
            let key = chapter.role == .body ? chapter.heading.flatMap { heading in
                // The marker's own line, without a title joined from the next.
                let firstLine = heading.titleLine.map { String(heading.text.unicodeScalars.prefix($0.textOffset - 1)) }
                return LineReading.divisionKey(firstLine ?? heading.text)
            } : nil
            keys.append(key)
            if let key { lastWithKey[key] = index }
        }
        func repeatsLater(_ index: Int) -> Bool {
            guard let key = keys[index], let last = lastWithKey[key] else { return false }
            return last > index
        }
        func isTiny(_ index: Int) -> Bool {
            var scalars = 0
            for block in chapters[index].blocks {
                if case .paragraph(let paragraph) = block { scalars += paragraph.text.unicodeScalars.count } else { return false }
            }
            return scalars < 200
        }
        // A heading over a contents list: its text opens with two or more lines that are
        // division markers ("CHAPTER I      The Period"), as under "Book the Second" in a list
        // of books, or contents rows ("Electrical Kite      327"), as under "Appendix".
        func isList(_ index: Int) -> Bool {
            var lines = 0
            for block in chapters[index].blocks {
                guard case .paragraph(let paragraph) = block else { return lines >= 2 }
                let scalars = Array(paragraph.text.unicodeScalars)
                for (n, segment) in paragraph.segments.enumerated() {
                    let end = n + 1 < paragraph.segments.count ? paragraph.segments[n + 1].textOffset : scalars.count
                    let line = String(String.UnicodeScalarView(scalars[min(segment.textOffset, end)..<end]))
                    let text = String(line.trimmingSpaces)
                    guard LineReading.isDivisionMarker(text) || LineReading.isContentsRow(text) else { return lines >= 2 }
                    lines += 1
                }
            }
            return lines >= 2
        }
        // The last entry of the contents holds the text that follows the contents: after a
        // tiny entry, one more, when its heading comes again after the entry before it does (a
        // contents list is in book order). A book in parts numbers its chapters again in each
        // ("CHAPTER I." in Book the First and in Book the Second): its first chapter repeats
        // later too, but before the contents' last entry does, and it is a chapter.
        var entries = [Bool](repeating: false, count: chapters.count)
        for index in chapters.indices where repeatsLater(index) {
            entries[index] = isTiny(index) || isList(index)
                || (index > 0 && entries[index - 1] && isTiny(index - 1)
                    && lastWithKey[keys[index]!]! > lastWithKey[keys[index - 1]!]!)
        }
        func isEntry(_ index: Int) -> Bool { entries[index] }
        guard entries.contains(true) else { return chapters }
        var result: [Chapter] = []
        for index in chapters.indices {
            if isEntry(index) {
                if result.last?.role != .body { result.append(Chapter(index: 0, heading: nil, blocks: [])) }
                result[result.count - 1].blocks.append(.paragraph(chapters[index].heading!.paragraph))
                result[result.count - 1].blocks += chapters[index].blocks
            } else {
                result.append(chapters[index])
            }
        }
        return renumbered(result)
    }

    /// A named division right under a numbered one's heading, with no text between ("BOOK
    /// VIII" and its title, then "PREFACE"), is that division's own preface: its heading opens
    /// the division's text instead of taking it all.
    static func withPrefacesInTheirDivisions(_ chapters: [Chapter]) -> [Chapter] {
        func isNamed(_ chapter: Chapter) -> Bool {
            guard chapter.role == .body, let heading = chapter.heading, chapter.heading?.titleLines.isEmpty == true else { return false }
            return LineReading.isDivisionMarker(heading.text) && !LineReading.isNumberedDivision(heading.text)
        }
        func isBareNumbered(_ chapter: Chapter) -> Bool {
            guard chapter.role == .body, chapter.blocks.isEmpty, let heading = chapter.heading else { return false }
            let marker = String(heading.text.unicodeScalars.prefix((heading.titleLine?.textOffset ?? heading.text.unicodeScalars.count + 1) - 1))
            return LineReading.isNumberedDivision(marker)
        }
        guard chapters.indices.dropFirst().contains(where: { isNamed(chapters[$0]) && isBareNumbered(chapters[$0 - 1]) })
        else { return chapters }
        var result: [Chapter] = []
        for chapter in chapters {
            if isNamed(chapter), let previous = result.last, isBareNumbered(previous) {
                result[result.count - 1].blocks = [.paragraph(chapter.heading!.paragraph)] + chapter.blocks
            } else {
                result.append(chapter)
            }
        }
        return renumbered(result)
    }

    static func renumbered(_ chapters: [Chapter]) -> [Chapter] {
        var result = chapters
        for i in result.indices {
            result[i].index = i
            for b in result[i].blocks.indices {
                if case .figure(var figure) = result[i].blocks[b] {
                    figure.chapter = i
                    result[i].blocks[b] = .figure(figure)
                }
            }
        }
        return result
    }

    /// Headings with no text between them, three or more in a row, are a table of contents
    /// (each entry on a line of its own), not chapters: all but the last become paragraphs of
    /// the text before them. Chapters are renumbered.
    static func withoutContentsRuns(_ chapters: [Chapter]) -> [Chapter] {
        func isBareHeading(_ chapter: Chapter) -> Bool { chapter.role == .body && chapter.heading != nil && chapter.blocks.isEmpty }
        var hasRun = false
        var run = 0
        for chapter in chapters {
            run = isBareHeading(chapter) ? run + 1 : 0
            if run >= 3 { hasRun = true; break }
        }
        guard hasRun else { return chapters }
        var result: [Chapter] = []
        var index = 0
        while index < chapters.count {
            var end = index
            while end < chapters.count, isBareHeading(chapters[end]) { end += 1 }
            if end - index >= 3 {
                // Entries index..<end-1 are the contents; end-1 is the first real heading.
                let entries = chapters[index ..< end - 1].map { Block.paragraph($0.heading!.paragraph) }
                if result.last?.role != .body { result.append(Chapter(index: 0, heading: nil, blocks: [])) }
                result[result.count - 1].blocks += entries
                index = end - 1
                continue
            }
            result.append(chapters[index])
            index += 1
        }
        return renumbered(result)
    }

    static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { return String(name[..<dot]) }
        return name.isEmpty ? "Untitled" : name
    }
}
