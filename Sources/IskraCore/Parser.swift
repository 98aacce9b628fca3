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
        var delivered = false
        return parse(path: path, progress: { _ in }) { chunk in
            if delivered { return false }
            delivered = true
            chunk = bytes
            return true
        }
    }

    /// Parses a book read a piece at a time: `read` fills its argument with the next piece of
    /// the file (any size; lines may be split anywhere) and returns false at the end. Only the
    /// current piece and a line cut at its end are held, not the whole file.
    public static func parse(path: String = "", progress: (Int) -> Void, read: (inout [UInt8]) -> Bool) -> Document {
        var warnings = WarningLog()
        var builder = DocumentBuilder(path: path)
        var splitter = BlockSplitter()
        var chunk: [UInt8] = []
        var done = 0
        var nextReport = progressInterval
        while read(&chunk) {
            splitter.feed(chunk, warnings: &warnings) { block, index, isLast in
                builder.add(block: block, index: index, isLast: isLast)
            }
            done += chunk.count
            if done >= nextReport {
                progress(done)
                nextReport = done + progressInterval
            }
        }
        let lineCount = splitter.finish(warnings: &warnings) { block, index, isLast in
            builder.add(block: block, index: index, isLast: isLast)
        }
        progress(done)
        return builder.finish(lineCount: lineCount, warnings: warnings.finish())
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

    /// Splits on LF (a CR before it is dropped, so CRLF files read the same), decodes UTF-8 with
    /// U+FFFD for invalid bytes and reports where they were; hands over each block (a run of
    /// non-blank lines) with its index and whether it is the last one. Fed the file in pieces;
    /// a line cut at the end of a piece waits for the next (an LF never falls inside a UTF-8
    /// sequence, so no character is ever cut).
    struct BlockSplitter {
        /// One block of lookahead, to tell the last block.
        private var pending: [Line]?
        private var blockIndex = 0
        private var current: [Line] = []
        private var number = 0
        /// Bytes of the file before `carry`.
        private var offset = 0
        /// The start of a line whose LF has not come yet.
        private var carry: [UInt8] = []
        private var started = false

        private mutating func close(_ body: ([Line], Int, Bool) -> Void) {
            guard !current.isEmpty else { return }
            if let previous = pending {
                body(previous, blockIndex, false)
                blockIndex += 1
            }
            pending = current
            current = []
        }

        mutating func feed(_ chunk: [UInt8], warnings: inout WarningLog, _ body: ([Line], Int, Bool) -> Void) {
            if carry.isEmpty {
                split(chunk, final: false, warnings: &warnings, body)
            } else {
                var joined = carry
                joined.append(contentsOf: chunk)
                carry = []
                split(joined, final: false, warnings: &warnings, body)
            }
        }

        /// Ends the file: the last line (without LF) and the last block. Returns the line count.
        mutating func finish(warnings: inout WarningLog, _ body: ([Line], Int, Bool) -> Void) -> Int {
            let rest = carry
            carry = []
            split(rest, final: true, warnings: &warnings, body)
            close(body)
            if let last = pending { body(last, blockIndex, true) }
            return number
        }

        /// Every complete line of `bytes` (and, when `final`, the incomplete last one); the rest
        /// is carried to the next piece.
        private mutating func split(_ bytes: [UInt8], final: Bool, warnings: inout WarningLog,
                                    _ body: ([Line], Int, Bool) -> Void) {
            bytes.withUnsafeBufferPointer { buffer in
                var start = 0
                let count = buffer.count
                if !started && count >= 3 {
                    started = true
                    if buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
                } else if !started && final {
                    started = true
                } else if !started {
                    // Too short to tell whether a BOM starts the file: wait for more.
                    carry = bytes
                    return
                }
                while start < count {
                    var end = start
                    while end < count && buffer[end] != 0x0A { end += 1 }
                    if end == count && !final {
                        carry = Array(buffer[start ..< count])
                        offset += start
                        return
                    }
                    number += 1
                    var contentEnd = end
                    if contentEnd > start && buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                    let line = Parser.makeLine(buffer, start, contentEnd, number: number, base: offset, warnings: &warnings)
                    if line.isBlank { close(body) } else { current.append(line) }
                    start = end + 1
                }
                offset += count
            }
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// `base`: the file offset of `buffer`, for the byte offsets warnings give.
    fileprivate static func makeLine(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, number: Int,
                                     base: Int, warnings: inout WarningLog) -> Line {
        var first = start, last = end
        while first < last && isSpace(buffer[first]) { first += 1 }
        while last > first && isSpace(buffer[last - 1]) { last -= 1 }
        let column = first - start + 1
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
                warnings.add(ParseWarning(line: number, byteOffset: base + first + bad,
                                          message: "invalid UTF-8, replaced with U+FFFD"))
            }
            text = String(decoding: slice, as: UTF8.self)
            scalarCount = text.unicodeScalars.count
            for scalar in text.unicodeScalars where (0x80...0x9F).contains(scalar.value) && controlOffset == nil {
                controlOffset = first
            }
        }
        if let controlOffset {
            warnings.add(ParseWarning(line: number, byteOffset: base + controlOffset,
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

    init(path: String) { self.path = path }

    var inSources: Bool { sourcesHeading != nil }

    /// Adds the block numbered `index` (0 is the first), a run of non-blank lines.
    mutating func add(block: [Parser.Line], index: Int, isLast: Bool) {
        let block = index == 0 ? takeTitle(block) : block
        if !block.isEmpty { add(block: block, isLast: isLast) }
    }

    /// The first line is the title when it looks like one; otherwise the title comes from the
    /// file name and the line is ordinary text.
    private mutating func takeTitle(_ block: [Parser.Line]) -> [Parser.Line] {
        guard let first = block.first, Parser.looksLikeHeading(first) else { return block }
        title = first.text
        titleLine = first.number
        titleColumn = first.column
        return Array(block.dropFirst())
    }

    mutating func add(block: [Parser.Line], isLast: Bool) {
        if inSources { addSourcesBlock(block); return }

        if block.count == 1 {
            let line = block[0]
            if Parser.isSourcesHeading(line) {
                sourcesHeading = Heading(line: line.number, text: line.text, column: line.column)
                return
            }
            // A lone line repeating the title straight after it is the portrait's alt text.
            if titleLine > 0, chapters.isEmpty, line.text == title {
                appendToCurrentChapter(.figure(makeFigure(alt: line, caption: [])))
                return
            }
            // A heading introduces something: a short line that ends the book is text.
            if !isLast, Parser.looksLikeHeading(line) {
                startChapter(Heading(line: line.number, text: line.text, column: line.column))
                return
            }
        }
        if let (figureLines, heading) = figureShape(block) {
            appendToCurrentChapter(.figure(makeFigure(alt: figureLines[0], caption: Array(figureLines.dropFirst()))))
            if let heading { startChapter(Heading(line: heading.number, text: heading.text, column: heading.column)) }
            return
        }
        for paragraph in paragraphs(of: block) { appendToCurrentChapter(.paragraph(paragraph)) }
    }

    /// An image block: 2-3 short lines, an alt text then a caption (which may wrap onto a line
    /// starting in lower case). A third line that is not a continuation is a heading that
    /// follows the image without a blank line.
    private func figureShape(_ block: [Parser.Line]) -> ([Parser.Line], Parser.Line?)? {
        guard block.count == 2 || block.count == 3,
              block.allSatisfy({ $0.scalarCount <= Parser.unwrappedLineLength }) else { return nil }
        let alt = block[0], caption = block[1]
        guard alt.scalarCount <= Parser.maxHeadingLength, !Parser.startsLowercase(alt.text),
              let altEnd = Parser.lastScalar(alt.text), !",;:".unicodeScalars.contains(altEnd),
              !Parser.startsLowercase(caption.text) else { return nil }
        if block.count == 2 { return (block, nil) }
        let third = block[2]
        if Parser.startsLowercase(third.text) { return (block, nil) }
        if Parser.looksLikeHeading(third) { return (Array(block.prefix(2)), third) }
        return (block, nil)
    }

    private func makeFigure(alt: Parser.Line, caption: [Parser.Line]) -> Figure {
        let captionParagraph = caption.isEmpty ? nil : joined(caption)
        return Figure(line: alt.number, endLine: caption.last?.number ?? alt.number,
                      altText: joined([alt]), caption: captionParagraph,
                      chapter: currentChapterIndexForAppend)
    }

    /// Consecutive lines: long lines are paragraphs of their own, short ones are hard-wrapped
    /// prose joined into one paragraph.
    private func paragraphs(of block: [Parser.Line]) -> [Paragraph] {
        var result: [Paragraph] = []
        var pending: [Parser.Line] = []
        for line in block {
            if let previous = pending.last, previous.scalarCount > Parser.unwrappedLineLength {
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

    private var currentChapterIndexForAppend: Int { chapters.isEmpty ? 0 : chapters.count - 1 }

    private mutating func startChapter(_ heading: Heading) {
        chapters.append(Chapter(index: chapters.count, heading: heading, blocks: []))
    }

    private mutating func appendToCurrentChapter(_ block: Block) {
        if chapters.isEmpty { chapters.append(Chapter(index: 0, heading: nil, blocks: [])) }
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

    func finish(lineCount: Int, warnings: [ParseWarning]) -> Document {
        var documentTitle = title
        if documentTitle.isEmpty { documentTitle = Self.fileStem(path) }
        var document = Document(path: path, title: documentTitle, titleLine: titleLine, lineCount: lineCount,
                        chapters: chapters, sourcesHeading: sourcesHeading, sourcesPreamble: sourcesPreamble,
                        sources: sources, warnings: warnings)
        document.titleColumn = titleColumn
        return document
    }

    static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { return String(name[..<dot]) }
        return name.isEmpty ? "Untitled" : name
    }
}
