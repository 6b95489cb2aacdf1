/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-cli"

#include "config.h"

#include <locale.h>
/* PRId64, which xgettext and gettext understand inside translatable
 * strings (G_GINT64_FORMAT would cut the msgid short). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>

#include "khoji-library.h"
#include "khoji-library-network.h"
#include "khoji-compare.h"
#include "khoji-location.h"
#include "khoji-paths.h"

/* khoji-cli: the headless face of the library. The contract scripts rely
 * on is docs/cli-json.md: commands, JSON and exit codes. */

enum {
  EXIT_OK = 0,
  EXIT_REJECTED = 1,   /* import: some file rejected; check: library broken; other: failure */
  EXIT_USAGE = 2,
  EXIT_UNREACHABLE = 3, /* a shared archive's server is down or the network is gone: try again later */
  EXIT_AUTH = 4,        /* a shared archive refused the user name or password */
};

static char *opt_db;

static const GOptionEntry global_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("Library file, or a postgresql:// URI of a shared archive (default: the one the window opens)"), N_("PATH|URI") },
  { NULL }
};

static const char summary[] =
  N_("Commands:\n"
     "  import [--date YYYY-MM-DD] [--quiet] FILE_OR_FOLDER…   Import articles\n"
     "  export --format json|csv [--what all|entities|timeline]  Write the library to standard output\n"
     "  export --format ftm | --format ftm-csv --output FOLDER    FollowTheMoney entities, for Aleph\n"
     "  export … --article ID…                                    Only these articles and what they mention\n"
     "  search [--limit N] [--json] QUERY                         Search article text\n"
     "  entities [--type person|place|organization] [--json]     List entities\n"
     "  timeline [--entity ID] [--json]                           List dated events\n"
     "  network [--entity ID…] [--limit N] [--json]               Who appears with whom\n"
     "  compare ARTICLE_ID ARTICLE_ID [--json]                    How two reports differ\n"
     "  merge ENTITY_ID INTO_ENTITY_ID                            Merge one entity into another\n"
     "  rename ENTITY_ID NEW_NAME                                 Rename an entity\n"
     "  retype ENTITY_ID person|place|organization                Change an entity's type\n"
     "  hide ENTITY_ID / unhide ENTITY_ID                         Hide or show an entity\n"
     "  undo                                                      Take back the last correction\n"
     "  corrections [--entity ID] [--json]                        Who corrected what, and when\n"
     "  set-date ARTICLE_ID YYYY-MM-DD|none                       Set an article's publication date\n"
     "  check                                                     Check the library's integrity\n"
     "  copy --from PATH|URI --to PATH|URI                        Copy a whole library into another\n"
     "\n"
     "Run “khoji-cli COMMAND --help” for the options of a command.");

static int
usage_error (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *fmt,
             ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_printerr ("khoji-cli: %s\n", msg);
  g_printerr (_("Run “khoji-cli --help” for usage.\n"));
  return EXIT_USAGE;
}

static int
fail (GError *error)
{
  g_printerr ("khoji-cli: %s\n", error->message);
  /* A script may wait and try again when the server is away, but not
   * when the password is wrong. */
  if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_UNREACHABLE))
    return EXIT_UNREACHABLE;
  if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_AUTH))
    return EXIT_AUTH;
  return EXIT_REJECTED;
}

static KhojiLibrary *
open_library (GError **error)
{
  /* Bringing a library made by an older Khoji up to date takes seconds at
   * 100,000 articles: say why nothing happens yet, on standard error, so
   * that what scripts read on standard output stays as it was. */
  if (khoji_library_needs_upgrade (opt_db))
    g_printerr (_("Updating the library for this version of Khoji. This is done once; a large library takes a while…\n"));
  return khoji_library_open (opt_db, error);
}

/* Parses a command's own options; argv[0] is the command name. */
static gboolean
parse_command (const char          *command,
               const char          *params,
               const GOptionEntry  *entries,
               int                 *argc,
               char              ***argv,
               int                 *status)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf ("%s %s", command, params);

  ctx = g_option_context_new (title);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (entries)
    g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      *status = usage_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
valid_iso_date (const char *s)
{
  int y, m, d;
  char tail;

  if (s == NULL || strlen (s) != 10 || sscanf (s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return g_date_valid_dmy (d, m, y);
}

static void
print_progress (guint done, guint total, const char *path, gpointer data)
{
  /* Only for a terminal: scripts read the per-file lines. */
  if (isatty (fileno (stderr)) && total > 20)
    g_printerr ("\r%u/%u", done + 1, total);
}

/* A name, title or path as one field of a line of text (the TSV lists,
 * the import's lines): what is not UTF-8 becomes U+FFFD, and control
 * characters are written as escapes (\n, \t, \r, \x1b…), with the
 * backslash itself doubled, so that a name can neither break a line nor
 * send an escape sequence to the terminal. */
static const char *
field (const char *s,
       GString    *buf)
{
  g_autofree char *valid = NULL;

  g_string_truncate (buf, 0);
  if (s == NULL)
    return buf->str;
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\\')
        g_string_append (buf, "\\\\");
      else if (c == '\n')
        g_string_append (buf, "\\n");
      else if (c == '\t')
        g_string_append (buf, "\\t");
      else if (c == '\r')
        g_string_append (buf, "\\r");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (buf, "\\x%02x", c);
      else if (c >= 0x80 && c < 0xa0)
        g_string_append_printf (buf, "\\u%04x", c);
      else
        g_string_append_unichar (buf, c);
    }
  return buf->str;
}

/* Up to four fields at once, for one line. */
typedef struct { GString *f[4]; } Fields;

static void
fields_clear (Fields *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->f); i++)
    if (f->f[i])
      g_string_free (f->f[i], TRUE);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static const char *
fld (Fields     *f,
     guint       i,
     const char *s)
{
  if (f->f[i] == NULL)
    f->f[i] = g_string_new (NULL);
  return field (s, f->f[i]);
}

static int
cmd_import (int argc, char **argv)
{
  g_autofree char *date = NULL;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Publication date of the articles, to resolve relative dates"), N_("YYYY-MM-DD") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print only rejected files and the summary"), NULL },
    { NULL }
  };
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint imported = 0, duplicates = 0, rejected = 0, unreachable = 0;
  int status;

  if (!parse_command ("import", "FILE_OR_FOLDER…", entries, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return usage_error (_("import needs at least one file or folder."));
  if (date && !valid_iso_date (date))
    return usage_error (_("“%s” is not a date of the form YYYY-MM-DD."), date);
  /* An empty argument (an unset shell variable) would name the working
   * folder and import everything in it. */
  for (int i = 1; i < argc; i++)
    if (*argv[i] == '\0')
      return usage_error (_("import was given an empty file name."));

  library = open_library (&error);
  if (library == NULL)
    return fail (error);

  for (int i = 1; i < argc; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (argv[i]));

  results = khoji_library_import_files (library, (GFile **) files->pdata, files->len, date,
                                        print_progress, NULL, NULL);
  if (isatty (fileno (stderr)) && results->len > 20)
    g_printerr ("\r");

  for (guint i = 0; i < results->len; i++)
    {
      KhojiImportResult *r = g_ptr_array_index (results, i);
      g_auto(Fields) f = { { NULL } };

      switch (r->status)
        {
        case KHOJI_IMPORT_IMPORTED:
          imported++;
          if (!quiet)
            g_print (_("imported: %s (article %" PRId64 ")\n"), fld (&f, 0, r->path), r->article_id);
          break;
        case KHOJI_IMPORT_DUPLICATE:
          duplicates++;
          if (!quiet)
            g_print (_("unchanged duplicate: %s (article %" PRId64 ")\n"), fld (&f, 0, r->path), r->article_id);
          break;
        case KHOJI_IMPORT_REJECTED:
        default:
          rejected++;
          if (r->unreachable)
            unreachable++;
          g_print (_("rejected: %s: %s\n"), fld (&f, 0, r->path), fld (&f, 1, r->message));
          break;
        }
    }
  if (results->len == 0)
    {
      g_print (_("No articles found: folders are searched for .txt, .html and .htm files.\n"));
      return EXIT_REJECTED;
    }
  g_print (_("%u imported, %u unchanged duplicates, %u rejected\n"), imported, duplicates, rejected);
  /* The archive went away during the import: a script may run the same
   * import again later, and what was saved is then a duplicate. */
  if (unreachable)
    return EXIT_UNREACHABLE;
  return rejected ? EXIT_REJECTED : EXIT_OK;
}

typedef enum {
  ID_ENTITY,
  ID_ARTICLE,
} IdKind;

/* The first n of args as ids of entities or articles, into ids; else
 * FALSE, with *status the usage error that names the first that is not
 * one. */
static gboolean
parse_ids (char   **args,
           guint    n,
           IdKind   kind,
           gint64  *ids,
           int     *status)
{
  for (guint i = 0; i < n; i++)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (args[i], 10, 1, G_MAXINT64, &v, NULL))
        {
          *status = usage_error (kind == ID_ENTITY ? _("“%s” is not an entity id.")
                                                   : _("“%s” is not an article id."), args[i]);
          return FALSE;
        }
      ids[i] = (gint64) v;
    }
  return TRUE;
}

static int
cmd_export (int argc, char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *what = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) article_args = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("json, csv, ftm (FollowTheMoney lines) or ftm-csv (a CSV file per schema)"), N_("FORMAT") },
    { "what", 0, 0, G_OPTION_ARG_STRING, &what, N_("all, entities or timeline (default: all)"), N_("WHAT") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("The folder ftm-csv writes its files in"), N_("FOLDER") },
    { "article", 0, 0, G_OPTION_ARG_STRING_ARRAY, &article_args, N_("Only this article, with its mentions, dates and entities (repeat for several)"), N_("ID") },
    { NULL }
  };
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *ids = NULL;
  guint n_ids;
  gboolean ftm, ftm_csv;
  gboolean ok;
  int status;

  if (!parse_command ("export", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (_("export takes no arguments, only options."));
  if (format == NULL)
    return usage_error (_("export needs --format json or --format csv."));
  ftm = g_str_equal (format, "ftm");
  ftm_csv = g_str_equal (format, "ftm-csv");
  if (!g_str_equal (format, "json") && !g_str_equal (format, "csv") && !ftm && !ftm_csv)
    return usage_error (_("Unknown format “%s”: use json, csv, ftm or ftm-csv."), format);
  if (what && !g_str_equal (what, "all") && !g_str_equal (what, "entities") && !g_str_equal (what, "timeline"))
    return usage_error (_("Unknown export “%s”: use all, entities or timeline."), what);
  if ((ftm || ftm_csv) && what != NULL)
    return usage_error (_("--what is for json and csv; FollowTheMoney exports everything."));
  if (ftm_csv != (output != NULL))
    return usage_error (_("--format ftm-csv writes a folder of files: name it with --output FOLDER (and only then)."));
  n_ids = article_args ? g_strv_length (article_args) : 0;
  ids = g_new0 (gint64, MAX (n_ids, 1));
  if (!parse_ids (article_args, n_ids, ID_ARTICLE, ids, &status))
    return status;

  library = open_library (&error);
  if (library == NULL)
    return fail (error);
  /* An article that is not there is said, not exported as nothing. */
  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(KhojiArticle) article = khoji_library_get_article (library, ids[i], &error);

      if (article == NULL)
        return fail (error);
    }

  if (ftm_csv)
    ok = khoji_library_export_ftm_csv (library, n_ids ? ids : NULL, n_ids, output, &error);
  else
    {
      out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      if (ftm)
        ok = khoji_library_export_ftm (library, n_ids ? ids : NULL, n_ids, out, &error);
      else if (g_str_equal (format, "json"))
        ok = khoji_library_export_json (library, what ? what : "all", n_ids ? ids : NULL, n_ids, out, &error);
      else
        ok = khoji_library_export_csv (library, what ? what : "all", n_ids ? ids : NULL, n_ids, out, &error);
    }
  if (!ok)
    return fail (error);
  return EXIT_OK;
}

static char *
plain_snippet (const char *snippet,
               gboolean    terminal,
               gboolean    escape)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GString) piece = g_string_new (NULL);
  g_autoptr(GString) escaped = g_string_new (NULL);

  /* The marks of the matched words (\x01 \x02) become bold on a terminal
   * or brackets; line breaks become spaces; everything else is a field,
   * escaped as the TSV lists are. */
  for (const char *p = snippet ? snippet : ""; ; p++)
    {
      if (*p == '\x01' || *p == '\x02' || *p == '\n' || *p == '\0')
        {
          g_string_append (s, escape ? field (piece->str, escaped) : piece->str);
          g_string_truncate (piece, 0);
          if (*p == '\0')
            break;
          if (*p == '\x01')
            g_string_append (s, terminal ? "\033[1m" : "[");
          else if (*p == '\x02')
            g_string_append (s, terminal ? "\033[0m" : "]");
          else
            g_string_append_c (s, ' ');
        }
      else
        g_string_append_c (piece, *p);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static int
cmd_search (int argc, char **argv)
{
  int limit = 20;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most N results (default 20)"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  int status;

  if (!parse_command ("search", "QUERY", entries, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return usage_error (_("search needs a query."));
  if (limit < 1)
    return usage_error (_("--limit must be at least 1."));
  for (int i = 1; i < argc; i++)
    g_string_append_printf (query, "%s%s", i > 1 ? " " : "", argv[i]);

  library = open_library (&error);
  if (library == NULL)
    return fail (error);
  hits = khoji_library_search (library, query->str, limit, &error);
  if (hits == NULL)
    {
      if (g_error_matches (error, KHOJI_LIBRARY_ERROR, KHOJI_LIBRARY_ERROR_QUERY))
        return usage_error ("%s", error->message);
      return fail (error);
    }

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{\"query\": ");
      khoji_json_append_string (out, query->str);
      g_string_append (out, ", \"results\": [");
      for (guint i = 0; i < hits->len; i++)
        {
          KhojiArticle *a = g_ptr_array_index (hits, i);
          g_autofree char *snip = plain_snippet (khoji_article_get_snippet (a), FALSE, FALSE);
          g_string_append_printf (out, "%s\n  {\"article\": %" G_GINT64_FORMAT ", \"title\": ", i ? "," : "",
                                  khoji_article_get_id (a));
          khoji_json_append_string (out, khoji_article_get_title (a));
          g_string_append (out, ", \"path\": ");
          khoji_json_append_string (out, khoji_article_get_path (a));
          if (khoji_article_get_path (a) && !g_utf8_validate (khoji_article_get_path (a), -1, NULL))
            {
              /* A file name that is not UTF-8: its bytes, percent-encoded
               * as in a file URI (cli-json.md). */
              g_autofree char *bytes = g_uri_escape_string (khoji_article_get_path (a), "/", FALSE);
              g_string_append (out, ", \"path_bytes\": ");
              khoji_json_append_string (out, bytes);
            }
          g_string_append (out, ", \"published\": ");
          khoji_json_append_string (out, khoji_article_get_published (a));
          g_string_append (out, ", \"snippet\": ");
          khoji_json_append_string (out, snip);
          g_string_append_printf (out, ", \"rank\": %.4f}", khoji_article_get_rank (a));
        }
      g_string_append (out, hits->len ? "\n]}\n" : "]}\n");
      g_print ("%s", out->str);
      return EXIT_OK;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      KhojiArticle *a = g_ptr_array_index (hits, i);
      g_autofree char *snip = plain_snippet (khoji_article_get_snippet (a), isatty (fileno (stdout)), TRUE);
      g_auto(Fields) f = { { NULL } };
      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\n\t%s\n", khoji_article_get_id (a),
               khoji_article_get_published (a) ? fld (&f, 0, khoji_article_get_published (a)) : "-",
               fld (&f, 1, khoji_article_get_title (a)), snip);
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u article found\n", "%u articles found\n", hits->len), hits->len);
  return EXIT_OK;
}

static int
cmd_entities (int argc, char **argv)
{
  g_autofree char *type = NULL;
  gboolean json = FALSE, hidden = FALSE;
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("Only person, place or organization"), N_("TYPE") },
    { "hidden", 0, 0, G_OPTION_ARG_NONE, &hidden, N_("Include hidden entities"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  KhojiEntityType want = 0;
  guint n = 0;
  int status;

  if (!parse_command ("entities", "", entries, &argc, &argv, &status))
    return status;
  if (type && !khoji_entity_type_from_string (type, &want))
    return usage_error (_("Unknown type “%s”: use person, place or organization."), type);

  library = open_library (&error);
  if (library == NULL)
    return fail (error);
  list = khoji_library_list_entities (library, hidden, &error);
  if (list == NULL)
    return fail (error);

  if (json)
    g_string_append (out, "{\"entities\": [");
  for (guint i = 0; i < list->len; i++)
    {
      KhojiEntity *e = g_ptr_array_index (list, i);
      g_auto(GStrv) aliases = NULL;

      if (type && khoji_entity_get_entity_type (e) != want)
        continue;
      aliases = khoji_entity_dup_aliases (e);
      if (json)
        {
          g_string_append_printf (out, "%s\n  {\"id\": %" G_GINT64_FORMAT ", \"name\": ", n ? "," : "",
                                  khoji_entity_get_id (e));
          khoji_json_append_string (out, khoji_entity_get_name (e));
          g_string_append (out, ", \"latin\": ");
          khoji_json_append_string (out, khoji_entity_get_latin (e));
          g_string_append (out, ", \"type\": ");
          khoji_json_append_string (out, khoji_entity_type_to_string (khoji_entity_get_entity_type (e)));
          g_string_append (out, ", \"aliases\": [");
          for (guint k = 0; aliases[k]; k++)
            {
              if (k)
                g_string_append (out, ", ");
              khoji_json_append_string (out, aliases[k]);
            }
          g_string_append_printf (out, "], \"articles\": %u, \"mentions\": %u, \"hidden\": %s}",
                                  khoji_entity_get_article_count (e), khoji_entity_get_mention_count (e),
                                  khoji_entity_get_hidden (e) ? "true" : "false");
        }
      else
        {
          g_autofree char *joined = g_strjoinv (", ", aliases);
          g_auto(Fields) f = { { NULL } };
          g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%u\t%u\t%s\n",
                                  khoji_entity_get_id (e),
                                  khoji_entity_type_to_string (khoji_entity_get_entity_type (e)),
                                  fld (&f, 0, khoji_entity_get_name (e)), fld (&f, 1, khoji_entity_get_latin (e)),
                                  khoji_entity_get_article_count (e), khoji_entity_get_mention_count (e),
                                  fld (&f, 2, joined));
        }
      n++;
    }
  if (json)
    g_string_append (out, n ? "\n]}\n" : "]}\n");
  g_print ("%s", out->str);
  return EXIT_OK;
}

/* The library, once ENTITY (when not 0) is known to be one of its
 * entities: a list filtered by an unknown id says so instead of printing
 * nothing. */
static KhojiLibrary *
open_library_for_entity (gint64   entity,
                         GError **error)
{
  g_autoptr(KhojiLibrary) library = open_library (error);

  if (library != NULL && entity != 0)
    {
      g_autoptr(KhojiEntity) e = khoji_library_get_entity (library, entity, error);
      if (e == NULL)
        return NULL;
    }
  return g_steal_pointer (&library);
}

static int
cmd_timeline (int argc, char **argv)
{
  gint64 entity = 0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "entity", 0, 0, G_OPTION_ARG_INT64, &entity, N_("Only events of articles that mention this entity"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  if (!parse_command ("timeline", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (_("timeline takes no arguments, only options."));

  library = open_library_for_entity (entity, &error);
  if (library == NULL)
    return fail (error);
  events = khoji_library_list_events (library, entity, &error);
  if (events == NULL)
    return fail (error);

  if (json)
    g_string_append (out, "{\"events\": [");
  for (guint i = 0; i < events->len; i++)
    {
      KhojiEvent *ev = g_ptr_array_index (events, i);
      if (json)
        {
          g_string_append_printf (out, "%s\n  {\"article\": %" G_GINT64_FORMAT ", \"value\": ", i ? "," : "",
                                  khoji_event_get_article_id (ev));
          khoji_json_append_string (out, khoji_event_get_value (ev));
          g_string_append (out, ", \"text\": ");
          khoji_json_append_string (out, khoji_event_get_text (ev));
          g_string_append_printf (out, ", \"relative\": %s, \"title\": ", khoji_event_get_relative (ev) ? "true" : "false");
          khoji_json_append_string (out, khoji_event_get_article_title (ev));
          g_string_append (out, ", \"sentence\": ");
          khoji_json_append_string (out, khoji_event_get_sentence (ev));
          g_string_append_c (out, '}');
        }
      else
        {
          g_auto(Fields) f = { { NULL } };
          g_string_append_printf (out, "%s\t%" G_GINT64_FORMAT "\t%s\t%s\n", fld (&f, 0, khoji_event_get_value (ev)),
                                  khoji_event_get_article_id (ev), fld (&f, 1, khoji_event_get_text (ev)),
                                  fld (&f, 2, khoji_event_get_sentence (ev)));
        }
    }
  if (json)
    g_string_append (out, events->len ? "\n]}\n" : "]}\n");
  g_print ("%s", out->str);
  return EXIT_OK;
}

/* A correction's time as ISO 8601 in UTC, to the second. */
static char *
format_when (gint64 created)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (created);

  return t ? g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

static int
cmd_corrections (int argc, char **argv)
{
  gint64 entity = 0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "entity", 0, 0, G_OPTION_ARG_INT64, &entity, N_("Only the corrections of this entity"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  if (!parse_command ("corrections", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (_("corrections takes no arguments, only options."));

  library = open_library_for_entity (entity, &error);
  if (library == NULL)
    return fail (error);
  list = khoji_library_list_corrections (library, entity, &error);
  if (list == NULL)
    return fail (error);

  if (json)
    g_string_append (out, "{\"corrections\": [");
  for (guint i = 0; i < list->len; i++)
    {
      KhojiCorrectionRecord *c = g_ptr_array_index (list, i);
      g_autofree char *when = format_when (c->created);

      if (json)
        {
          g_string_append_printf (out, "%s\n  {\"id\": %" G_GINT64_FORMAT ", \"kind\": ", i ? "," : "", c->id);
          khoji_json_append_string (out, c->kind);
          g_string_append_printf (out, ", \"entity\": %" G_GINT64_FORMAT ", \"name\": ", c->entity_id);
          khoji_json_append_string (out, c->entity_name);
          if (c->target_id != 0)
            {
              g_string_append_printf (out, ", \"target\": %" G_GINT64_FORMAT ", \"target_name\": ", c->target_id);
              khoji_json_append_string (out, c->target_name);
            }
          else
            g_string_append (out, ", \"target\": null, \"target_name\": null");
          g_string_append (out, ", \"value\": ");
          khoji_json_append_string (out, c->value);
          g_string_append (out, ", \"old_value\": ");
          khoji_json_append_string (out, c->old_value);
          g_string_append (out, ", \"who\": ");
          khoji_json_append_string (out, c->who);
          g_string_append (out, ", \"when\": ");
          khoji_json_append_string (out, when);
          g_string_append_c (out, '}');
        }
      else
        {
          g_auto(Fields) f = { { NULL } };
          g_autofree char *target = c->target_id ? g_strdup_printf ("%" G_GINT64_FORMAT, c->target_id) : g_strdup ("-");

          g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n",
                                  c->id, when, *c->who ? fld (&f, 0, c->who) : "-", c->kind,
                                  c->entity_id, fld (&f, 1, c->entity_name), target,
                                  c->value ? fld (&f, 2, c->value) : "-",
                                  c->old_value ? fld (&f, 3, c->old_value) : "-");
        }
    }
  if (json)
    g_string_append (out, list->len ? "\n]}\n" : "]}\n");
  g_print ("%s", out->str);
  return EXIT_OK;
}

static int
cmd_network (int argc, char **argv)
{
  g_auto(GStrv) entity_args = NULL;
  g_autofree char *weight_arg = NULL;
  int limit = 100;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "entity", 0, 0, G_OPTION_ARG_STRING_ARRAY, &entity_args, N_("The neighbourhood of this entity (repeat for several)"), N_("ID") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N entities (default 100)"), N_("N") },
    { "weight", 0, 0, G_OPTION_ARG_STRING, &weight_arg, N_("What an edge counts: articles (the default) or sentences"), N_("W") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(KhojiNetwork) network = NULL;
  g_autofree gint64 *ids = NULL;
  guint n_ids;
  KhojiNetworkWeight weight = KHOJI_NETWORK_BY_ARTICLES;
  const char *unit;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  if (!parse_command ("network", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (_("network takes no arguments, only options."));
  if (limit < 1 || limit > KHOJI_NETWORK_MAX_NODES)
    return usage_error (_("The limit must be a number from 1 to %d."), KHOJI_NETWORK_MAX_NODES);
  if (weight_arg == NULL || g_str_equal (weight_arg, "articles"))
    weight = KHOJI_NETWORK_BY_ARTICLES;
  else if (g_str_equal (weight_arg, "sentences"))
    weight = KHOJI_NETWORK_BY_SENTENCES;
  else
    return usage_error (_("The weight must be “articles” or “sentences”, not “%s”."), weight_arg);
  unit = weight == KHOJI_NETWORK_BY_SENTENCES ? "sentences" : "articles";
  n_ids = entity_args ? g_strv_length (entity_args) : 0;
  ids = g_new0 (gint64, MAX (n_ids, 1));
  if (!parse_ids (entity_args, n_ids, ID_ENTITY, ids, &status))
    return status;

  library = open_library (&error);
  if (library == NULL)
    return fail (error);
  khoji_library_set_network_weight (library, weight);
  network = khoji_library_network (library, ids, n_ids, (guint) limit, &error);
  if (network == NULL)
    return fail (error);

  if (json)
    g_string_append (out, "{\"nodes\": [");
  for (guint i = 0; i < network->nodes->len; i++)
    {
      KhojiNetworkNode *n = &g_array_index (network->nodes, KhojiNetworkNode, i);

      if (json)
        {
          g_string_append_printf (out, "%s\n  {\"id\": %" G_GINT64_FORMAT ", \"name\": ", i ? "," : "", n->id);
          khoji_json_append_string (out, n->name);
          g_string_append (out, ", \"latin\": ");
          khoji_json_append_string (out, n->latin);
          g_string_append (out, ", \"type\": ");
          khoji_json_append_string (out, khoji_entity_type_to_string (n->type));
          g_string_append_printf (out, ", \"articles\": %u, \"asked\": %s}", n->n_articles,
                                  n->asked ? "true" : "false");
        }
      else
        {
          g_auto(Fields) f = { { NULL } };

          g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%u\n", n->id,
                                  khoji_entity_type_to_string (n->type), fld (&f, 0, n->name),
                                  fld (&f, 1, n->latin), n->n_articles);
        }
    }
  g_string_append (out, json ? (network->nodes->len ? "\n], \"edges\": [" : "], \"edges\": [") : "\n");
  for (guint i = 0; i < network->edges->len; i++)
    {
      KhojiNetworkEdge *e = &g_array_index (network->edges, KhojiNetworkEdge, i);
      gint64 a = g_array_index (network->nodes, KhojiNetworkNode, e->source).id;
      gint64 b = g_array_index (network->nodes, KhojiNetworkNode, e->target).id;

      if (json)
        g_string_append_printf (out, "%s\n  {\"source\": %" G_GINT64_FORMAT ", \"target\": %" G_GINT64_FORMAT
                                ", \"%s\": %u}", i ? "," : "", a, b, unit, e->weight);
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%u\n", a, b, e->weight);
    }
  if (json)
    g_string_append_printf (out, "%s, \"weight\": \"%s\", \"sampled\": %u}\n",
                            network->edges->len ? "\n]" : "]", unit, network->n_sampled);
  g_print ("%s", out->str);
  return EXIT_OK;
}

static void
print_id_list (GString    *out,
               GArray     *ids,
               gboolean    json)
{
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? (json ? ", " : " ") : "",
                            g_array_index (ids, gint64, i));
}

static char *
span_text (const char       *text,
           KhojiCompareSpan *span)
{
  const char *start = g_utf8_offset_to_pointer (text, span->start);
  const char *end = g_utf8_offset_to_pointer (start, span->end - span->start);

  return g_strndup (start, end - start);
}

static int
cmd_compare (int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(KhojiComparison) cmp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *left_text = NULL, *right_text = NULL;
  gint64 ids[2], left, right;
  int status;

  if (!parse_command ("compare", "ARTICLE_ID ARTICLE_ID", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (_("compare takes two article ids."));
  if (!parse_ids (argv + 1, 2, ID_ARTICLE, ids, &status))
    return status;
  left = ids[0];
  right = ids[1];

  library = open_library (&error);
  if (library == NULL)
    return fail (error);
  cmp = khoji_library_compare (library, left, right, &error);
  if (cmp == NULL ||
      !(left_text = khoji_library_get_article_text (library, left, &error)) ||
      !(right_text = khoji_library_get_article_text (library, right, &error)))
    return fail (error);

  if (json)
    {
      g_string_append_printf (out, "{\"left\": %" G_GINT64_FORMAT ", \"right\": %" G_GINT64_FORMAT
                              ",\n \"shared\": [", left, right);
      print_id_list (out, cmp->shared, TRUE);
      g_string_append (out, "],\n \"only_left\": [");
      print_id_list (out, cmp->only_left, TRUE);
      g_string_append (out, "],\n \"only_right\": [");
      print_id_list (out, cmp->only_right, TRUE);
      g_string_append (out, "],\n \"pairs\": [");
    }
  else
    {
      /* Keys for scripts, as the JSON's; not translated. */
      g_string_append (out, "shared\t");
      print_id_list (out, cmp->shared, FALSE);
      g_string_append (out, "\nonly_left\t");
      print_id_list (out, cmp->only_left, FALSE);
      g_string_append (out, "\nonly_right\t");
      print_id_list (out, cmp->only_right, FALSE);
      g_string_append_c (out, '\n');
    }
  for (guint p = 0; p < cmp->pairs->len; p++)
    {
      KhojiComparePair *pair = &g_array_index (cmp->pairs, KhojiComparePair, p);
      KhojiCompareSpan *ls = &g_array_index (cmp->left_sentences, KhojiCompareSpan, pair->left);
      KhojiCompareSpan *rs = &g_array_index (cmp->right_sentences, KhojiCompareSpan, pair->right);
      g_autofree char *lt = span_text (left_text, ls);
      g_autofree char *rt = span_text (right_text, rs);
      guint n_diff = 0;

      if (json)
        {
          g_string_append_printf (out, "%s\n  {\"left\": [%u, %u], \"right\": [%u, %u], \"shared\": %u,"
                                  " \"left_text\": ", p ? "," : "", ls->start, ls->end, rs->start, rs->end,
                                  pair->n_shared);
          khoji_json_append_string (out, lt);
          g_string_append (out, ", \"right_text\": ");
          khoji_json_append_string (out, rt);
          g_string_append (out, ", \"differences\": [");
        }
      else
        {
          g_auto(Fields) f = { { NULL } };

          g_string_append_printf (out, "\n%u\t%s\n%u\t%s\n", pair->left + 1, fld (&f, 0, lt),
                                  pair->right + 1, fld (&f, 1, rt));
        }
      for (guint d = 0; d < cmp->differences->len; d++)
        {
          KhojiDifference *diff = &g_array_index (cmp->differences, KhojiDifference, d);
          const char *kind = diff->kind == KHOJI_DIFFERENCE_NUMBER ? "number" : "date";

          if (diff->pair != p)
            continue;
          if (json)
            {
              g_string_append_printf (out, "%s{\"side\": \"%s\", \"kind\": \"%s\", \"start\": %u, \"end\": %u, \"text\": ",
                                      n_diff ? ", " : "", diff->left ? "left" : "right", kind,
                                      diff->span.start, diff->span.end);
              khoji_json_append_string (out, diff->text);
              g_string_append (out, ", \"value\": ");
              khoji_json_append_string (out, diff->value);
              g_string_append_c (out, '}');
            }
          else
            {
              g_auto(Fields) f = { { NULL } };

              g_string_append_printf (out, "\t%s %s: %s (%s)\n", diff->left ? "left" : "right", kind,
                                      fld (&f, 0, diff->text), fld (&f, 1, diff->value));
            }
          n_diff++;
        }
      if (json)
        g_string_append (out, "]}");
    }
  if (json)
    g_string_append (out, cmp->pairs->len ? "\n]}\n" : "]}\n");
  g_print ("%s", out->str);
  return EXIT_OK;
}

static int
cmd_correction (const char *command, int argc, char **argv)
{
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[2] = { 0, 0 };
  KhojiEntityType type = 0;
  gboolean ok = FALSE;
  int status;
  const char *params = g_str_equal (command, "merge") ? "ENTITY_ID INTO_ENTITY_ID"
                     : g_str_equal (command, "rename") ? "ENTITY_ID NEW_NAME"
                     : g_str_equal (command, "retype") ? "ENTITY_ID TYPE"
                     : g_str_equal (command, "undo") ? "" : "ENTITY_ID";
  int want = g_str_equal (command, "undo") ? 1
           : (g_str_equal (command, "merge") || g_str_equal (command, "rename") || g_str_equal (command, "retype")) ? 3 : 2;

  if (!parse_command (command, params, NULL, &argc, &argv, &status))
    return status;
  if (argc != want)
    return usage_error (_("Usage: khoji-cli %s %s"), command, params);
  /* merge takes two entities; undo none; the others one */
  if (!parse_ids (argv + 1, g_str_equal (command, "merge") ? 2 : want > 1 ? 1 : 0, ID_ENTITY, ids, &status))
    return status;
  if (g_str_equal (command, "retype") && !khoji_entity_type_from_string (argv[2], &type))
    return usage_error (_("Unknown type “%s”: use person, place or organization."), argv[2]);

  library = open_library (&error);
  if (library == NULL)
    return fail (error);

  if (g_str_equal (command, "merge"))
    ok = khoji_library_merge_entities (library, ids[0], ids[1], &error);
  else if (g_str_equal (command, "rename"))
    ok = khoji_library_rename_entity (library, ids[0], argv[2], &error);
  else if (g_str_equal (command, "retype"))
    ok = khoji_library_set_entity_type (library, ids[0], type, &error);
  else if (g_str_equal (command, "hide") || g_str_equal (command, "unhide"))
    ok = khoji_library_set_entity_hidden (library, ids[0], g_str_equal (command, "hide"), &error);
  else
    ok = khoji_library_undo_correction (library, &error);
  if (!ok)
    return fail (error);

  if (g_str_equal (command, "merge"))
    g_print (_("Merged entity %" PRId64 " into %" PRId64 ".\n"), ids[0], ids[1]);
  else if (g_str_equal (command, "undo"))
    g_print (_("The last correction was taken back.\n"));
  else
    g_print (_("Entity %" PRId64 " corrected.\n"), ids[0]);
  return EXIT_OK;
}

static void
print_copy_rejected (gint64      article_id,
                     const char *path,
                     const char *message,
                     gpointer    user_data)
{
  g_auto(Fields) f = { 0 };

  g_print (_("rejected: article %" PRId64 " (%s): %s\n"), article_id,
           fld (&f, 0, path ? path : ""), fld (&f, 1, message ? message : ""));
}

/* The same library twice: a path compared as the file it names. */
static gboolean
same_library (const char *a,
              const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;

  if (khoji_location_is_archive (a) || khoji_location_is_archive (b))
    return g_strcmp0 (a, b) == 0;
  ca = g_canonicalize_filename (a, NULL);
  cb = g_canonicalize_filename (b, NULL);
  return g_strcmp0 (ca, cb) == 0;
}

static int
cmd_copy (int argc, char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("The library to copy: a file or an archive's URI"), N_("PATH|URI") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("The library to copy into (made when it does not exist)"), N_("PATH|URI") },
    { NULL }
  };
  g_autoptr(KhojiLibrary) source = NULL;
  g_autoptr(KhojiLibrary) target = NULL;
  g_autoptr(GError) error = NULL;
  KhojiCopyCounts counts = { 0 };
  int status;

  if (!parse_command ("copy", "--from PATH|URI --to PATH|URI", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (_("copy takes no arguments besides --from and --to."));
  if (from == NULL || *from == '\0' || to == NULL || *to == '\0')
    return usage_error (_("copy needs both --from and --to, each a library file or an archive's URI."));
  if (same_library (from, to))
    return usage_error (_("--from and --to name the same library."));

  if (khoji_library_needs_upgrade (from) || khoji_library_needs_upgrade (to))
    g_printerr (_("Updating the library for this version of Khoji. This is done once; a large library takes a while…\n"));
  source = khoji_library_open (from, &error);
  if (source == NULL)
    return fail (error);
  target = khoji_library_open (to, &error);
  if (target == NULL)
    return fail (error);

  if (!khoji_library_copy (source, target, print_progress, NULL, print_copy_rejected, NULL, NULL, &counts, &error))
    {
      if (isatty (fileno (stderr)))
        g_printerr ("\n");
      return fail (error);
    }
  if (isatty (fileno (stderr)) && counts.articles_added + counts.articles_present > 20)
    g_printerr ("\n");

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "%u article copied, %u already there, %u rejected.\n",
                        "%u articles copied, %u already there, %u rejected.\n",
                        counts.articles_added),
           counts.articles_added, counts.articles_present, counts.articles_rejected);
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "%u correction copied, %u already there, %u whose entity is not in the target.\n",
                        "%u corrections copied, %u already there, %u whose entity is not in the target.\n",
                        counts.corrections_added),
           counts.corrections_added, counts.corrections_present, counts.corrections_skipped);
  return counts.articles_rejected > 0 ? EXIT_REJECTED : EXIT_OK;
}

static int
cmd_set_date (int argc, char **argv)
{
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  const char *date;
  gint64 id;
  int status;

  if (!parse_command ("set-date", "ARTICLE_ID YYYY-MM-DD|none", NULL, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (_("Usage: khoji-cli set-date ARTICLE_ID YYYY-MM-DD|none"));
  if (!parse_ids (argv + 1, 1, ID_ARTICLE, &id, &status))
    return status;
  date = g_str_equal (argv[2], "none") ? NULL : argv[2];
  if (date && !valid_iso_date (date))
    return usage_error (_("“%s” is not a date of the form YYYY-MM-DD."), date);

  library = open_library (&error);
  if (library == NULL)
    return fail (error);
  if (!khoji_library_set_published (library, id, date, &error))
    return fail (error);
  g_print (_("Article %" PRId64 ": publication date set, its dates resolved again.\n"), id);
  return EXIT_OK;
}

static int
cmd_check (int argc, char **argv)
{
  g_autoptr(KhojiLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean ok;
  int status;

  if (!parse_command ("check", "", NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (_("check takes no arguments."));

  library = open_library (&error);
  if (library == NULL)
    return fail (error);
  ok = khoji_library_check (library, report, &error);
  g_print ("%s", report->str);
  if (!ok)
    return fail (error);
  g_print (_("The library is consistent.\n"));
  return EXIT_OK;
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  gboolean version = FALSE;
  const GOptionEntry version_entry[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  const char *command;
  int cmd_argc;
  char **cmd_argv;
  g_autofree char *localedir = NULL;

  setlocale (LC_ALL, "");
  localedir = khoji_relocate_path (LOCALEDIR);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ctx = g_option_context_new (_("COMMAND [OPTION…] — explore a Khoji library of news articles"));
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, global_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, version_entry, GETTEXT_PACKAGE);
  g_option_context_set_description (ctx, _(summary));
  /* Global options come before the command; the rest is the command's. */
  g_option_context_set_strict_posix (ctx, TRUE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error ("%s", error->message);

  /* An empty path is a mistake (an unset shell variable), never a
   * request: SQLite would make a temporary library that vanishes. */
  if (opt_db && *opt_db == '\0')
    return usage_error (_("--db needs the path of a library file or the URI of an archive, not an empty one."));

  if (version)
    {
      g_print ("khoji-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  if (argc < 2)
    return usage_error (_("No command given."));

  command = argv[1];
  cmd_argc = argc - 1;
  cmd_argv = argv + 1;

  if (g_str_equal (command, "import"))
    return cmd_import (cmd_argc, cmd_argv);
  if (g_str_equal (command, "export"))
    return cmd_export (cmd_argc, cmd_argv);
  if (g_str_equal (command, "search"))
    return cmd_search (cmd_argc, cmd_argv);
  if (g_str_equal (command, "entities"))
    return cmd_entities (cmd_argc, cmd_argv);
  if (g_str_equal (command, "timeline"))
    return cmd_timeline (cmd_argc, cmd_argv);
  if (g_str_equal (command, "network"))
    return cmd_network (cmd_argc, cmd_argv);
  if (g_str_equal (command, "compare"))
    return cmd_compare (cmd_argc, cmd_argv);
  if (g_str_equal (command, "merge") || g_str_equal (command, "rename") || g_str_equal (command, "retype") ||
      g_str_equal (command, "hide") || g_str_equal (command, "unhide") || g_str_equal (command, "undo"))
    return cmd_correction (command, cmd_argc, cmd_argv);
  if (g_str_equal (command, "corrections"))
    return cmd_corrections (cmd_argc, cmd_argv);
  if (g_str_equal (command, "check"))
    return cmd_check (cmd_argc, cmd_argv);
  if (g_str_equal (command, "set-date"))
    return cmd_set_date (cmd_argc, cmd_argv);
  if (g_str_equal (command, "copy"))
    return cmd_copy (cmd_argc, cmd_argv);
  return usage_error (_("Unknown command “%s”."), command);
}
