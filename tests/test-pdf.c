/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-pdf"

#include <locale.h>
#include <string.h>

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

#include "khoji-ingest.h"
#include "khoji-library.h"
#include "khoji-test-util.h"

/* PDFs made here with Cairo (and Pango, which shapes Devanagari), read
 * back through import: a sample article as a PDF yields the entities
 * its text does; page furniture and hyphenated line ends are undone; a
 * PDF without text and one whose Hindi is in a legacy font are refused
 * with their reasons. */

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 56.0

typedef struct {
  cairo_surface_t *surface;
  cairo_t         *cr;
  double           y;
  int              page;
  const char      *header;   /* drawn at the top of every page, or NULL */
} Pdf;

static void
pdf_furniture (Pdf *pdf)
{
  if (pdf->header == NULL)
    return;
  {
    PangoLayout *layout = pango_cairo_create_layout (pdf->cr);
    PangoFontDescription *font = pango_font_description_from_string ("Lohit Devanagari 9");
    g_autofree char *footer = g_strdup_printf ("%d", pdf->page);

    pango_layout_set_font_description (layout, font);
    pango_layout_set_text (layout, pdf->header, -1);
    cairo_move_to (pdf->cr, MARGIN, 24);
    pango_cairo_show_layout (pdf->cr, layout);
    pango_layout_set_text (layout, footer, -1);
    cairo_move_to (pdf->cr, PAGE_W / 2, PAGE_H - 36);
    pango_cairo_show_layout (pdf->cr, layout);
    pango_font_description_free (font);
    g_object_unref (layout);
  }
}

static void
pdf_begin (Pdf        *pdf,
           const char *path,
           const char *header)
{
  pdf->surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  pdf->cr = cairo_create (pdf->surface);
  pdf->y = MARGIN;
  pdf->page = 1;
  pdf->header = header;
  pdf_furniture (pdf);
}

/* One paragraph, wrapped by Pango to the text column, onto as many pages
 * as it needs; a blank line's space after it. */
static void
pdf_paragraph (Pdf        *pdf,
               const char *text,
               const char *font_name)
{
  PangoLayout *layout = pango_cairo_create_layout (pdf->cr);
  PangoFontDescription *font = pango_font_description_from_string (font_name);
  PangoLayoutIter *iter;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_text (layout, text, -1);

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      if (pdf->y + logical.height / (double) PANGO_SCALE > PAGE_H - MARGIN)
        {
          cairo_show_page (pdf->cr);
          pdf->page++;
          pdf->y = MARGIN;
          pdf_furniture (pdf);
        }
      cairo_move_to (pdf->cr, MARGIN, pdf->y + pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE
                                       - logical.y / (double) PANGO_SCALE);
      pango_cairo_show_layout_line (pdf->cr, line);
      pdf->y += logical.height / (double) PANGO_SCALE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  pdf->y += 14;
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
pdf_end (Pdf *pdf)
{
  cairo_destroy (pdf->cr);
  cairo_surface_finish (pdf->surface);
  g_assert_cmpint (cairo_surface_status (pdf->surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (pdf->surface);
}

static KhojiDocument *
ingest_path (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return khoji_ingest_file (file, NULL, error);
}

/* The entities a library found in its one article, as "type name". */
static GHashTable *
entities_of (KhojiLibrary *library,
             gint64        article_id)
{
  g_autoptr(GPtrArray) spans = khoji_library_get_article_spans (library, article_id, NULL);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_nonnull (spans);
  for (guint i = 0; i < spans->len; i++)
    {
      KhojiArticleSpan *span = g_ptr_array_index (spans, i);
      g_autoptr(KhojiEntity) e = NULL;

      if (span->kind != KHOJI_SPAN_MENTION)
        continue;
      e = khoji_library_get_entity (library, span->entity_id, NULL);
      g_assert_nonnull (e);
      g_hash_table_add (set, g_strdup_printf ("%s %s", khoji_entity_type_to_string (khoji_entity_get_entity_type (e)),
                                              khoji_entity_get_name (e)));
    }
  return set;
}

/* @path imported alone into a new library in @dir: its entities. */
static GHashTable *
import_alone (const char *dir,
              const char *name,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, name, NULL);
  g_autoptr(KhojiLibrary) library = khoji_library_open (db, &error);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) results = NULL;
  KhojiImportResult *r;

  g_assert_no_error (error);
  results = khoji_library_import_files (library, &file, 1, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (results->len, ==, 1);
  r = g_ptr_array_index (results, 0);
  if (r->status != KHOJI_IMPORT_IMPORTED)
    g_error ("%s: %s", r->path, r->message);
  return entities_of (library, r->article_id);
}

static char *
words_of (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t", -1);
  GString *out = g_string_new (NULL);

  for (char **w = words; *w; w++)
    if (**w != '\0')
      g_string_append_printf (out, "%s%s", out->len ? " " : "", *w);
  return g_string_free (out, FALSE);
}

/* A sample article, its paragraphs set as a PDF of several pages with a
 * running header and page numbers: the text its text file gives, in the
 * same paragraphs, and the same entities. Cairo draws some Devanagari
 * vowel signs a little off the baseline ("संयुक्त" at the top of the
 * second page), which poppler reads as a line of its own and, at that
 * line's edge, not at all. */
static void
test_sample_as_pdf (void)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("khoji-pdf-XXXXXX", &error);
  g_autofree char *text_path = NULL;
  g_autofree char *pdf_path = g_build_filename (dir, "article.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text_words = NULL, *pdf_words = NULL;
  g_auto(GStrv) paragraphs = NULL;
  g_auto(GStrv) text_paragraphs = NULL, pdf_paragraphs = NULL;
  g_autoptr(GHashTable) from_text = NULL, from_pdf = NULL;
  g_autoptr(KhojiDocument) doc = NULL, text_doc = NULL;
  GHashTableIter iter;
  gpointer key;
  Pdf pdf;

  g_assert_no_error (error);
  if (seeds == NULL)
    {
      g_test_skip ("the sample articles are not here");
      return;
    }
  text_path = g_build_filename (seeds, "001_0a62431ba6109c54.txt", NULL);
  g_assert_true (g_file_get_contents (text_path, &contents, NULL, NULL));

  pdf_begin (&pdf, pdf_path, "समाचार संग्रह — परीक्षण संस्करण");
  paragraphs = g_strsplit (contents, "\n", -1);
  for (char **p = paragraphs; *p; p++)
    if (**p != '\0')
      pdf_paragraph (&pdf, *p, "Lohit Devanagari 12");
  pdf_end (&pdf);
  g_assert_cmpint (pdf.page, >=, 2);

  doc = ingest_path (pdf_path, &error);
  g_assert_no_error (error);
  text_doc = ingest_path (text_path, &error);
  g_assert_no_error (error);
  /* The running header and the page numbers are gone. */
  g_assert_null (strstr (doc->text, "परीक्षण संस्करण"));
  g_assert_cmpstr (doc->title, ==, "किम जोंग और पुतिन शांति के पुजारी? नॉर्थ कोरिया ने रूस के साथ सैन्य रिश्ते के पीछे बताई यह वजह");
  g_assert_nonnull (strstr (doc->text, "संयुक्त राष्ट्र सुरक्षा परिषद"));
  /* The text word for word, and its paragraphs. */
  text_words = words_of (text_doc->text);
  pdf_words = words_of (doc->text);
  g_assert_cmpstr (pdf_words, ==, text_words);
  text_paragraphs = g_strsplit (text_doc->text, "\n\n", -1);
  pdf_paragraphs = g_strsplit (doc->text, "\n\n", -1);
  g_assert_cmpuint (g_strv_length (pdf_paragraphs), ==, g_strv_length (text_paragraphs));

  /* Each in a library of its own (one library would take the PDF for a
   * copy of the text): the same entities. */
  from_text = import_alone (dir, "text.db", text_path);
  from_pdf = import_alone (dir, "pdf.db", pdf_path);
  g_test_message ("entities: %u from the text, %u from the PDF",
                  g_hash_table_size (from_text), g_hash_table_size (from_pdf));
  g_assert_cmpuint (g_hash_table_size (from_text), >, 5);
  g_hash_table_iter_init (&iter, from_text);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (from_pdf, key))
      g_error ("not found in the PDF: %s", (char *) key);
  g_hash_table_iter_init (&iter, from_pdf);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (from_text, key))
      g_error ("only in the PDF: %s", (char *) key);
  khoji_test_remove_tree (dir);
}

/* Paragraphs, whether a text parts them with a blank line or one break. */
static guint
count_paragraphs (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (char **l = lines; *l; l++)
    n += **l != '\0';
  return n;
}

/* Another sample article, of one page (no running header: on one page
 * it is a line like any other, which no reader can tell from a title):
 * its title, word for word its text, as many paragraphs, and exactly the
 * entities its text gives. Its vowel signs drawn apart once left a space
 * before them ("न्यूज ीलैंड", "यूक े") and lost New Zealand and the UK. */
static void
test_one_page_sample_as_pdf (void)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("khoji-pdf-XXXXXX", &error);
  g_autofree char *text_path = NULL;
  g_autofree char *pdf_path = g_build_filename (dir, "article.pdf", NULL);
  g_autofree char *contents = NULL, *text_words = NULL, *pdf_words = NULL;
  g_auto(GStrv) paragraphs = NULL;
  g_autoptr(KhojiDocument) doc = NULL, text_doc = NULL;
  g_autoptr(GHashTable) from_text = NULL, from_pdf = NULL;
  GHashTableIter iter;
  gpointer key;
  Pdf pdf;

  g_assert_no_error (error);
  if (seeds == NULL)
    {
      g_test_skip ("the sample articles are not here");
      return;
    }
  text_path = g_build_filename (seeds, "000_1a230ba5fd4b830d.txt", NULL);
  g_assert_true (g_file_get_contents (text_path, &contents, NULL, NULL));
  pdf_begin (&pdf, pdf_path, NULL);
  paragraphs = g_strsplit (contents, "\n", -1);
  for (char **p = paragraphs; *p; p++)
    if (**p != '\0')
      pdf_paragraph (&pdf, *p, "Lohit Devanagari 12");
  pdf_end (&pdf);
  g_assert_cmpint (pdf.page, ==, 1);

  doc = ingest_path (pdf_path, &error);
  g_assert_no_error (error);
  text_doc = ingest_path (text_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->title, ==, text_doc->title);
  text_words = words_of (text_doc->text);
  pdf_words = words_of (doc->text);
  g_assert_cmpstr (pdf_words, ==, text_words);
  g_assert_cmpuint (count_paragraphs (doc->text), ==, count_paragraphs (text_doc->text));

  from_text = import_alone (dir, "text.db", text_path);
  from_pdf = import_alone (dir, "pdf.db", pdf_path);
  g_test_message ("entities: %u from the text, %u from the PDF",
                  g_hash_table_size (from_text), g_hash_table_size (from_pdf));
  g_assert_cmpuint (g_hash_table_size (from_text), >, 5);
  g_hash_table_iter_init (&iter, from_text);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (from_pdf, key))
      g_error ("not found in the PDF: %s", (char *) key);
  g_hash_table_iter_init (&iter, from_pdf);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (from_text, key))
      g_error ("only in the PDF: %s", (char *) key);
  khoji_test_remove_tree (dir);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Every sample article as a PDF: word for word its text, and exactly the
 * entities its text gives. Poppler gives a Devanagari sign that Cairo
 * draws as a glyph of its own (a vowel sign below or above, a virama, a
 * nukta, an anusvara) in the order the glyphs were drawn, which is not
 * always the letters' order ("यूक्रेन" read as "यक्रू ेन"): each sample
 * is a different mix of such clusters. */
static void
test_every_sample_as_pdf (void)
{
  g_autofree char *seeds = khoji_test_seeds_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("khoji-pdf-XXXXXX", &error);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint equal = 0;
  const char *name;

  g_assert_no_error (error);
  if (seeds == NULL)
    {
      g_test_skip ("the sample articles are not here");
      return;
    }
  listing = g_dir_open (seeds, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, ==, 5);

  for (guint i = 0; i < names->len; i++)
    {
      const char *seed = g_ptr_array_index (names, i);
      g_autofree char *text_path = g_build_filename (seeds, seed, NULL);
      g_autofree char *pdf_name = g_strdup_printf ("%s.pdf", seed);
      g_autofree char *pdf_path = g_build_filename (dir, pdf_name, NULL);
      g_autofree char *text_db = g_strdup_printf ("%s.text.db", seed);
      g_autofree char *pdf_db = g_strdup_printf ("%s.pdf.db", seed);
      g_autofree char *contents = NULL, *text_words = NULL, *pdf_words = NULL;
      g_auto(GStrv) paragraphs = NULL;
      g_autoptr(KhojiDocument) doc = NULL, text_doc = NULL;
      g_autoptr(GHashTable) from_text = NULL, from_pdf = NULL;
      GHashTableIter iter;
      gpointer key;
      gboolean same = TRUE;
      Pdf pdf;

      g_assert_true (g_file_get_contents (text_path, &contents, NULL, NULL));
      pdf_begin (&pdf, pdf_path, NULL);
      paragraphs = g_strsplit (contents, "\n", -1);
      for (char **p = paragraphs; *p; p++)
        if (**p != '\0')
          pdf_paragraph (&pdf, *p, "Lohit Devanagari 12");
      pdf_end (&pdf);

      doc = ingest_path (pdf_path, &error);
      g_assert_no_error (error);
      text_doc = ingest_path (text_path, &error);
      g_assert_no_error (error);
      text_words = words_of (text_doc->text);
      pdf_words = words_of (doc->text);
      if (g_strcmp0 (text_words, pdf_words) != 0)
        {
          g_auto(GStrv) a = g_strsplit (text_words, " ", -1);
          g_auto(GStrv) b = g_strsplit (pdf_words, " ", -1);
          guint k = 0;

          while (a[k] && b[k] && g_str_equal (a[k], b[k]))
            k++;
          g_test_message ("%s: the text's word %u is \"%s\", the PDF's \"%s\"", seed, k,
                          a[k] ? a[k] : "", b[k] ? b[k] : "");
          same = FALSE;
        }

      from_text = import_alone (dir, text_db, text_path);
      from_pdf = import_alone (dir, pdf_db, pdf_path);
      g_assert_cmpuint (g_hash_table_size (from_text), >, 5);
      g_hash_table_iter_init (&iter, from_text);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (from_pdf, key))
          {
            g_test_message ("%s: not found in the PDF: %s", seed, (char *) key);
            same = FALSE;
          }
      g_hash_table_iter_init (&iter, from_pdf);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (from_text, key))
          {
            g_test_message ("%s: only in the PDF: %s", seed, (char *) key);
            same = FALSE;
          }
      g_test_message ("%s: %u entities from the text, %u from the PDF, %s", seed,
                      g_hash_table_size (from_text), g_hash_table_size (from_pdf),
                      same ? "the same text and entities" : "different");
      equal += same;
    }
  g_test_message ("%u of %u samples as PDFs give their text's words and entities", equal, names->len);
  g_assert_cmpuint (equal, ==, names->len);
  khoji_test_remove_tree (dir);
}

/* Lines are joined into paragraphs, a word hyphenated at a line's end is
 * made whole, and paragraphs stay apart. */
static void
test_paragraphs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("khoji-pdf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(KhojiDocument) doc = NULL;
  Pdf pdf;

  pdf_begin (&pdf, path, NULL);
  pdf_paragraph (&pdf, "Annual Report of the Water Board", "DejaVu Sans 14");
  pdf_paragraph (&pdf, "The board met on Monday to review the quarterly accounts of the city's "
                       "water supply, which the auditors had sent back with several questions "
                       "about the pumping stations.", "DejaVu Sans 11");
  /* Hand-broken lines, as a typesetter's hyphenation leaves them. */
  pdf_paragraph (&pdf, "Its chairman said the new pumps had saved a great deal of electri-", "DejaVu Sans 11");
  pdf.y -= 14;
  pdf_paragraph (&pdf, "city over the winter and would pay for themselves within three years.", "DejaVu Sans 11");
  pdf_end (&pdf);

  doc = ingest_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (doc->title, ==, "Annual Report of the Water Board");
  g_assert_nonnull (strstr (doc->text, "the quarterly accounts of the city's water supply, which the auditors"));
  g_assert_nonnull (strstr (doc->text, "a great deal of electricity over the winter"));
  g_assert_nonnull (strstr (doc->text, "pumping stations.\n\nIts chairman"));
  khoji_test_remove_tree (dir);
}

static void
assert_refused (const char *path,
                const char *reason_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = ingest_path (path, &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_PDF);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, reason_part));
}

/* Pages without text, as a scan has them: refused, saying why. */
static void
test_no_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("khoji-pdf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "scan.pdf", NULL);
  Pdf pdf;

  pdf_begin (&pdf, path, NULL);
  /* A grey "photograph" of a page: shapes, no text. */
  cairo_set_source_rgb (pdf.cr, 0.8, 0.8, 0.8);
  cairo_rectangle (pdf.cr, MARGIN, MARGIN, PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN);
  cairo_fill (pdf.cr);
  cairo_show_page (pdf.cr);
  pdf_end (&pdf);
  assert_refused (path, "no text");
  khoji_test_remove_tree (dir);
}

/* Hindi set in a legacy font comes out as Latin letters and symbols:
 * refused as such, while an English PDF is read. */
static void
test_legacy_font (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("khoji-pdf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "legacy.pdf", NULL);
  Pdf pdf;

  pdf_begin (&pdf, path, NULL);
  /* What a PDF set in such a font yields as its text: "भारत के प्रधानमंत्री
   * ने सोमवार को नई दिल्ली में …" typed on a legacy keyboard layout. */
  pdf_paragraph (&pdf, "Hkkjr ds iz/kkuea=h us lkseokj dks ubZ fnYyh esa ,d cSBd dh vkSj dgk fd "
                       "ljdkj u;s fu;eksa ij 'kh?kz gh fu.kZ; ysxhA jkT;ksa ds eq[;ea=h Hkh bl "
                       "cSBd esa 'kkfey gq, vkSj mUgksaus vius lq>ko j[ksA", "DejaVu Sans 11");
  pdf_end (&pdf);
  assert_refused (path, "Kruti Dev");
  khoji_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  /* The messages name Devanagari words: in a UTF-8 locale they read as such. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/khoji/pdf/sample-as-pdf", test_sample_as_pdf);
  g_test_add_func ("/khoji/pdf/one-page-sample-as-pdf", test_one_page_sample_as_pdf);
  g_test_add_func ("/khoji/pdf/every-sample-as-pdf", test_every_sample_as_pdf);
  g_test_add_func ("/khoji/pdf/paragraphs", test_paragraphs);
  g_test_add_func ("/khoji/pdf/no-text", test_no_text);
  g_test_add_func ("/khoji/pdf/legacy-font", test_legacy_font);
  return g_test_run ();
}
