import Testing
@testable import IskraCore

/// A large book's opening shown while the rest loads: whole chapters only, each as the whole
/// book has it, and no count that is not the book's.
@Suite("The opening of a large book")
struct BookPreviewTests {
    /// The layout is decided from a sample (2M scalars); here from 40,000, so that small books
    /// repeated past it stand for large ones.
    static let sample = 40_000

    /// Each layout's book repeated past the sample, as a large book is (the opening is laid out
    /// as the whole book only when it holds the sample).
    static let books: [(String, [UInt8])] = ([("leon-trotsky.txt", TestBook.bytes)]
        + LayoutFixture.all.map { ($0, LayoutFixture.bytes($0)) }).map { name, bytes in
            var large: [UInt8] = []
            while large.count < sample + 500_000 { large += bytes + [0x0A, 0x0A] }
            return (name, Array(large.prefix(sample + 500_000)))
        }

    @Test(arguments: 0 ..< 6)
    func everyChapterShownIsWholeAndAsTheWholeBookHasIt(_ book: Int) throws {
        let (name, bytes) = Self.books[book]
        let whole = Parser.parse(bytes: bytes, path: name, layoutSample: Self.sample)
        for extra in [120_000, 250_000, 400_000] {
            let opening = Array(bytes.prefix(Self.sample + extra))
            let preview = try #require(BookPreview.make(opening: opening, path: name, people: nil, layoutSample: Self.sample),
                                       "\(name) +\(extra)")
            let chapters = preview.document.chapters
            #expect(preview.document.isOpeningOnly)
            #expect(chapters.count > 3 && chapters.count < whole.chapters.count, "\(name) +\(extra)")
            #expect(Array(whole.chapters.prefix(chapters.count)) == chapters, "\(name) +\(extra)")
            #expect(preview.document.sources.isEmpty)
            // No total: the book's count is not known yet.
            let last = chapters.count - 1
            if let number = preview.document.chapterNumber(last) {
                #expect(preview.document.chapterLabel(last) == "Chapter \(number)")
            }
        }
    }

    /// The opening of the bundled book repeated, past the (test's) sample.
    static let opening = Array(books[0].1.prefix(sample + 250_000))

    @Test func theRegistersPeopleAreMatchedInTheOpening() throws {
        let preview = try #require(BookPreview.make(opening: Self.opening, path: "b", people: PreparedRegister(PeopleBook.register), layoutSample: Self.sample))
        let trotsky = try #require(preview.people.index(ofID: "leon-trotsky"))
        #expect(preview.people.mentionCount(of: trotsky) > 10)
        // Without a register nobody is proposed from a part of the book.
        let bare = try #require(BookPreview.make(opening: Self.opening, path: "b", people: nil, layoutSample: Self.sample))
        #expect(bare.people.people.isEmpty)
    }

    @Test func noPreviewWithoutAWholeChapterOrForUTF16() {
        // Less than the layout's sample: it might be laid out otherwise than the whole book.
        #expect(BookPreview.make(opening: Array(Self.opening.prefix(Self.sample)), path: "b", people: nil, layoutSample: Self.sample) == nil)
        // The sample, but one line: no chapter at all.
        #expect(BookPreview.make(opening: [UInt8](repeating: 0x61, count: Self.opening.count), path: "b", people: nil,
                                 layoutSample: Self.sample) == nil)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for scalar in String(decoding: Self.opening, as: UTF8.self).utf16 {
            utf16 += [UInt8(scalar & 0xFF), UInt8(scalar >> 8)]
        }
        #expect(BookPreview.make(opening: utf16, path: "b", people: nil, layoutSample: Self.sample) == nil)
    }
}
