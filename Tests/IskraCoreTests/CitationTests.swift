@testable import IskraCore
import Testing

/// Citations of the bundled book's passages: a narrative paragraph, a source with a
/// name-first header, one with a sentence header, and the sidecar's fields.
@Suite("Citations")
struct CitationTests {
    let book = EvidenceBook.book
    let catalog = EvidenceBook.catalog
    /// A sidecar filled in as a reader would.
    let filled = BookMetadata.parse("""
        # a comment
        title: Leon Trotsky
        author: John Simkin
        publisher: Spartacus Educational
        published: 1997-09
        url: https://example.org/trotsky
        accessed: 1 December 2026
        """, fallbackTitle: nil).0

    func unit(atLine line: Int) throws -> Int { try #require(Citation.unit(atLine: line, in: book)) }

    @Test func aNarrativeParagraphByChapterTitleAndParagraph() throws {
        // Line 27 is chapter 2's third paragraph (its heading is not counted).
        let unit = try unit(atLine: 27)
        let locator = Citation.locator(book: book, unit: unit)
        #expect(locator.place == .chapter(index: 1, number: 2, title: "Bolsheviks and Mensheviks"))
        let paragraphs = book.chapterUnits[1].filter { book.units[$0].kind == .paragraph && $0 <= unit }.count
        #expect(locator.paragraph == paragraphs)
        #expect(Citation.cite(book: book, metadata: filled, catalog: catalog, unit: unit, style: .chicagoNote)
            == "John Simkin, Leon Trotsky (Spartacus Educational, 1997-09), chap. 2, \u{201C}Bolsheviks and Mensheviks,\u{201D} \u{B6} \(paragraphs), accessed 1 December 2026, https://example.org/trotsky.")
        #expect(Citation.cite(book: book, metadata: filled, catalog: catalog, unit: unit, style: .chicagoBibliography)
            == "Simkin, John. Leon Trotsky. Spartacus Educational, 1997-09. https://example.org/trotsky.")
        // What the sidecar leaves out is left out, never invented.
        let bare = BookMetadata(title: book.document.title)
        #expect(Citation.cite(book: book, metadata: bare, catalog: catalog, unit: unit, style: .chicagoNote)
            == "Leon Trotsky, chap. 2, \u{201C}Bolsheviks and Mensheviks,\u{201D} \u{B6} \(paragraphs).")
        #expect(bare.missing == ["author", "publisher", "published", "url"] && filled.missing.isEmpty)
    }

    @Test func aSourceWithANameFirstHeaderIsCitedAsQuotedInTheBook() throws {
        // Source 16: "J. T. Murphy, The Errors of Trotskyism (1925)", its first paragraph.
        let source = book.document.sources[15]
        let unit = try #require(book.sourceUnits[15].first { book.units[$0].kind == .paragraph })
        #expect(Citation.locator(book: book, unit: unit) == Locator(place: .source(index: 15, number: 16), paragraph: 1))
        let note = Citation.cite(book: book, metadata: BookMetadata(title: "Leon Trotsky"), catalog: catalog, unit: unit, style: .chicagoNote)
        #expect(note.hasPrefix("J. T. Murphy, ") && note.contains("The Errors of Trotskyism") && note.contains("(1925)"))
        #expect(note.hasSuffix(", quoted in Leon Trotsky, source 16, \u{B6} 1."))
        #expect(source.number == 16)
    }

    @Test func aSourceWithASentenceHeaderStillNamesItsAuthorAndWork() throws {
        // Source 29: "In March, 1937, Leon Trotsky, wrote an article, Amoralism and Kronstadt, ...".
        let unit = try #require(book.sourceUnits[28].first { book.units[$0].kind == .paragraph })
        let markdown = Citation.cite(book: book, metadata: BookMetadata(title: "Leon Trotsky"), catalog: catalog, unit: unit,
                                     style: .markdown)
        #expect(markdown.hasPrefix("> " + book.units[unit].text.prefix(20)))
        #expect(markdown.hasSuffix("\u{2014} Leon Trotsky, \u{201C}Amoralism and Kronstadt\u{201D} (March 1937), quoted in *Leon Trotsky*, source 29, \u{B6} 1."))
        let plain = Citation.cite(book: book, metadata: BookMetadata(title: "Leon Trotsky"), catalog: catalog, unit: unit, style: .plain)
        #expect(plain.hasPrefix("\u{201C}" + book.units[unit].text.prefix(20)) && plain.hasSuffix("quoted in Leon Trotsky, source 29, \u{B6} 1)"))
    }

    @Test func theSidecarReportsWhatItCannotRead() {
        let (metadata, problems) = BookMetadata.parse("title: A Book\nauthor: A\nauthor: B\nauthor: C\nyear 1900\nedition: 2\n",
                                                      fallbackTitle: "Ignored")
        #expect(metadata.title == "A Book" && metadata.authors == ["A", "B", "C"])
        #expect(problems == ["line 5: expected `field: value`", "line 6: unknown field \u{201C}edition\u{201D}"])
        #expect(Citation.cite(book: book, metadata: metadata, catalog: catalog, unit: 0, style: .chicagoBibliography)
            .hasPrefix("A, B, and C. A Book."))
    }
}

/// What a teacher would mark: punctuation, descriptions taken for titles, unpaired quotes.
@Suite("Citations as Chicago writes them")
struct ChicagoDetailTests {
    let book = EvidenceBook.book
    let catalog = EvidenceBook.catalog
    let metadata = BookMetadata(title: "Leon Trotsky")

    @Test func aSourcePassageHasTheSourcesBibliographyEntryAndDescriptionsAreNotTitles() throws {
        let unit = try #require(Citation.unit(atLine: 358, in: book))
        #expect(Citation.cite(book: book, metadata: metadata, catalog: catalog, unit: unit, style: .chicagoBibliography)
            == "Martov, Julius. Letter to Pavel Axelrod on Leon Trotsky. March 2, 1903. Quoted in Leon Trotsky.")
        #expect(Citation.cite(book: book, metadata: metadata, catalog: catalog, unit: unit, style: .chicagoNote)
            == "Julius Martov, letter to Pavel Axelrod on Leon Trotsky (March 2, 1903), quoted in Leon Trotsky, source 2, \u{B6} 1.")
    }

    @Test func theFullStopGoesInsideAClosingQuotationMark() throws {
        // A chapter's heading has no paragraph number: its title closes the note.
        let heading = try #require(book.units.first { $0.kind == .heading && $0.text == "Bolsheviks and Mensheviks" })
        #expect(Citation.cite(book: book, metadata: metadata, catalog: catalog, unit: heading.id, style: .chicagoNote)
            == "Leon Trotsky, chap. 2, \u{201C}Bolsheviks and Mensheviks.\u{201D}")
    }

    @Test func aQuoteEndingInsideTheBooksQuotationLosesTheUnpairedMark() {
        #expect(Citation.balanced("may acquire a decisive significance.\"") == "may acquire a decisive significance.")
        #expect(Citation.balanced("He said \"no\" twice") == "He said \"no\" twice")
        #expect(Citation.balanced("\u{201C}It was cold") == "It was cold")
        #expect(Citation.balanced("\u{201C}It was cold.\u{201D}") == "\u{201C}It was cold.\u{201D}")
        #expect(Citation.balanced("\u{201C}Go,\u{201D} he said, \u{201C}now") == "\u{201C}Go,\u{201D} he said, \u{201C}now")
        #expect(Citation.balanced("now,\u{201D} he said. \u{201C}Go\u{201D}") == "now,\u{201D} he said. \u{201C}Go\u{201D}")
        #expect(Citation.balanced("ended here.\u{201D}") == "ended here.")
        #expect(Citation.chicagoDate(DateKey(year: 1903, month: 3, day: 2)) == "March 2, 1903")
        #expect(Citation.chicagoDate(DateKey(year: 1937, month: 3)) == "March 1937")
    }
}

@Suite("Citations: commas and authors")
struct ChicagoCommaTests {
    @Test func theCommaGoesInsideAClosingQuotationMarkAndSecondAuthorsFollowACommaAndAnd() throws {
        let book = EvidenceBook.book, catalog = EvidenceBook.catalog
        let unit = try #require(Citation.unit(atLine: 500, in: book))
        // Source 29 has a work in quotation marks.
        let note = Citation.shortNote(book: book, metadata: BookMetadata(title: "Leon Trotsky"), catalog: catalog, unit: unit,
                                      markdown: false)
        #expect(note.hasPrefix("Trotsky, \u{201C}Amoralism and Kronstadt,\u{201D} quoted in Leon Trotsky, source 29"))
        let heading = try #require(book.units.first { $0.kind == .heading && $0.text == "Bolsheviks and Mensheviks" })
        var metadata = BookMetadata(title: "Leon Trotsky")
        metadata.url = "http://x"
        #expect(Citation.cite(book: book, metadata: metadata, catalog: catalog, unit: heading.id, style: .chicagoNote)
            == "Leon Trotsky, chap. 2, \u{201C}Bolsheviks and Mensheviks,\u{201D} http://x.")
        metadata.authors = ["Leon Trotsky", "Max Eastman"]
        metadata.title = "What Next?"
        #expect(Citation.bibliography(metadata: metadata, title: "What Next?", markdown: false)
            == "Trotsky, Leon, and Max Eastman. What Next? http://x.")
    }
}

/// A Project Gutenberg book: its header is front matter, not chapter 1.
@Suite("Citations of other books")
struct OtherBookCitationTests {
    @Test func chaptersAreNumberedAmongTheBooksOwnAndTheHeaderIsFrontMatter() throws {
        let book = Book(document: LayoutFixture.parse("gutenberg.txt"))
        let ferry = try #require(book.units.first { $0.text.hasPrefix("The ferry left the landing") })
        let locator = Citation.locator(book: book, unit: ferry.id)
        guard case .chapter(_, let number, let title) = locator.place else {
            Issue.record("not in a chapter: \(locator.place)")
            return
        }
        // The title page and contents before it are the untitled opening, chapter 1, as the
        // reader numbers them; the header is not counted.
        #expect(number == 2 && title?.contains("The Ferry") == true && locator.paragraph == 1)
        #expect(book.document.chapterLabel(2) == "Chapter 2/4" && book.document.chapterLabel(0) == "Front matter")
        let header = try #require(book.units.first { $0.text.hasPrefix("This eBook is for the use") })
        #expect(Citation.locator(book: book, unit: header.id).text == "front matter, \u{B6} 1")
        #expect(book.shortLabel(ofUnit: ferry.id) == "Ch 2" && book.shortLabel(ofUnit: header.id) == "Front")
        // The header's release date is the edition's: no date of the book's.
        #expect(!BookDates(book: book).dates.contains { $0.key.year == 2000 })

    }
}
