import IskraCore
import Testing
import TextUI
@testable import Explorer

@Suite("Keyword in context with marks")
struct KeywordInContextTests {
    let book = Fixtures.book

    /// Every passage of `kron` at many widths: the contexts keep their columns, and whatever is
    /// marked is a whole hit of the passage, in order, with nothing but the hits marked.
    @Test func marksAreWholeHitsAndTheColumnsHold() {
        let results = Fixtures.search.index.search("kron")
        for passage in 0 ..< results.passageCount {
            let unit = results.unit(ofPassage: passage)
            let hits = results.hits(inUnit: unit)
            let text = book.units[unit].text
            let words = hits.map { String(String.UnicodeScalarView(text.unicodeScalars.dropFirst($0.offset).prefix($0.length))) }
            for rightWidth in stride(from: 6, through: 70, by: 4) {
                let kwic = KeywordInContext(text: text, offset: hits[0].offset, length: hits[0].length, leftWidth: 20,
                                            rightWidth: rightWidth, marks: hits.dropFirst().map { $0.offset ..< ($0.offset + $0.length) })
                #expect(DisplayWidth.of(kwic.left) == 20)
                #expect(DisplayWidth.of(kwic.right) <= rightWidth)
                #expect(kwic.keyword == words[0])
                let marked = kwic.rightPieces.filter(\.marked).map(\.text)
                #expect(Array(words.dropFirst().prefix(marked.count)) == marked, "passage \(passage) width \(rightWidth)")
            }
        }
    }

    /// Line 179 names Kronstadt twice, about 200 characters apart: a narrow row shortens the
    /// gap between them to show the second whole.
    @Test func aLongGapBetweenHitsIsShortened() {
        let results = Fixtures.search.index.search("kron")
        let unit = results.unit(ofPassage: 1)
        let hits = results.hits(inUnit: unit)
        #expect(hits.count == 2 && hits[1].offset - hits[0].offset > 150)
        let kwic = KeywordInContext(text: book.units[unit].text, offset: hits[0].offset, length: hits[0].length,
                                    leftWidth: 14, rightWidth: 23, marks: [hits[1].offset ..< (hits[1].offset + hits[1].length)])
        #expect(kwic.keyword + kwic.right == "Kronstadt … The Kronstadt …")
        #expect(kwic.rightPieces.filter(\.marked).map(\.text) == ["Kron"])
        // Without marks the context simply runs on.
        let plain = KeywordInContext(text: book.units[unit].text, offset: hits[0].offset, length: hits[0].length,
                                     leftWidth: 14, rightWidth: 23)
        #expect(plain.keyword + plain.right == "Kronstadt naval base had l…")
    }
}
