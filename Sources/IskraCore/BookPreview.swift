/// A large book's opening made into a book of its own, to show while the whole book loads.
///
/// The opening must be laid out as the whole book will be, so it holds the whole sample the
/// layout is decided from (`LayoutEvidence.sampleScalars`). Only chapters that cannot change
/// are kept: the opening is read twice, as it is and cut where its last chapter starts, and
/// chapters are kept while both readings agree, except each reading's last (a heading may be
/// read from the lines after it). The people are the register's, matched in the opening
/// alone; a book without a register shows none until it is in (proposing needs the whole text).
public enum BookPreview {
    /// The bytes read of a book's beginning to make its preview: the layout's sample (2M
    /// scalars) and room for the paragraphs after it.
    public static let openingBytes = 3 << 20
    /// Books smaller than this load in a moment: no preview.
    public static let minimumBookBytes = 4 << 20
    /// Scalars past the sample the opening must hold, so the block that ends the sample is whole.
    static let slackScalars = 16 << 10

    /// The book made of the settled chapters of `opening` (the first bytes of a UTF-8 book);
    /// nil when it is too short to be laid out as the whole book, holds no settled chapter, or
    /// is not UTF-8.
    public static func make(opening: [UInt8], path: String, people: PreparedRegister?) -> Book? {
        make(opening: opening, path: path, people: people, layoutSample: LayoutEvidence.sampleScalars)
    }

    /// `layoutSample`: the scalars the parser decides the layout from (fewer in tests).
    static func make(opening: [UInt8], path: String, people: PreparedRegister?, layoutSample: Int) -> Book? {
        // A UTF-16 book is transcoded as a whole; its opening is not worth a second decoder.
        if opening.count >= 2 && (opening[0] == 0xFF && opening[1] == 0xFE || opening[0] == 0xFE && opening[1] == 0xFF) {
            return nil
        }
        // The opening (the reading shown) must hold the sample and its slack.
        var scalars = 0
        for byte in opening where byte & 0xC0 != 0x80 {
            scalars += 1
            if scalars == layoutSample + slackScalars { break }
        }
        guard scalars == layoutSample + slackScalars else { return nil }
        let first = Parser.parse(bytes: opening, path: path, layoutSample: layoutSample)
        // The second reading ends where a chapter (or the sources) starts, the first past three
        // quarters of the opening, else the last: with a quarter of the text less to read
        // ahead from. Only the first must hold the sample: it is the one shown.
        var offsets = LineOffsets(opening)
        let starts = (first.chapters.map(\.line) + [first.sourcesHeading?.line].compactMap { $0 })
            .sorted().compactMap { offsets.start(ofLine: $0) }.filter { $0 > 0 }
        guard let cut = starts.first(where: { $0 >= opening.count / 4 * 3 }) ?? starts.last else { return nil }
        let second = Parser.parse(bytes: Array(opening[..<cut]), path: path, layoutSample: layoutSample)
        // Kept while both agree, but not the second's last (its lines after are cut).
        var settled = 0
        while settled < second.chapters.count - 1, settled < first.chapters.count,
              first.chapters[settled] == second.chapters[settled] {
            settled += 1
        }
        guard settled > 0 else { return nil }
        var document = first
        document.chapters.removeSubrange(settled...)
        document.sourcesHeading = nil
        document.sourcesPreamble = []
        document.sources = []
        document.lineCount = document.chapters[settled - 1].endLine
        document.isOpeningOnly = true
        return Book(document: document, prepared: people ?? PreparedRegister(PeopleRegister()))
    }

    /// Where lines start in a book's bytes, asked for in ascending order.
    struct LineOffsets {
        let bytes: [UInt8]
        var line = 1, offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        /// Where 1-based line `target` starts (nil past the end, or before the line last asked for).
        mutating func start(ofLine target: Int) -> Int? {
            guard target >= line else { return nil }
            while line < target {
                guard let newline = bytes[offset...].firstIndex(of: 0x0A) else { return nil }
                offset = newline + 1
                line += 1
            }
            return offset
        }
    }
}
