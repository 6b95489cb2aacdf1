/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-ingest"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "khoji-ingest-private.h"

/* Step 2 of ingest (khoji-ingest.c): an HTML page's article text, title,
 * site and publication date, with libxml2. */

/* Candidate article containers examined in an HTML page; bounds the work a
 * page full of nested <article> elements can cause. */
#define HTML_MAX_CANDIDATES 32

/* ------------------------------------------------------------------ */
/* HTML                                                               */
/* ------------------------------------------------------------------ */

static gboolean
ascii_has_prefix_ci (const char *s,
                     gsize       len,
                     const char *prefix)
{
  gsize n = strlen (prefix);
  return len >= n && g_ascii_strncasecmp (s, prefix, n) == 0;
}

gboolean
_khoji_ingest_name_says_html (const char *name)
{
  static const char *const exts[] = { ".html", ".htm", ".xhtml", ".shtml" };

  if (name == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      gsize ln = strlen (name), le = strlen (exts[i]);
      if (ln >= le && g_ascii_strcasecmp (name + ln - le, exts[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Sniffs the opening of decoded text for HTML. Only markup at the very
 * start counts, so that an article quoting "<html>" stays plain text. */
gboolean
_khoji_ingest_content_says_html (const char *utf8)
{
  const char *p = utf8;
  gsize window;

  while (*p && (g_ascii_isspace (*p)))
    p++;
  if (*p != '<')
    return FALSE;
  window = strnlen (p, 4096);
  for (gsize i = 0; i + 5 <= window; i++)
    {
      if (p[i] != '<')
        continue;
      if (ascii_has_prefix_ci (p + i, window - i, "<!doctype html") ||
          ascii_has_prefix_ci (p + i, window - i, "<html") ||
          ascii_has_prefix_ci (p + i, window - i, "<head") ||
          ascii_has_prefix_ci (p + i, window - i, "<body") ||
          ascii_has_prefix_ci (p + i, window - i, "<meta ") ||
          ascii_has_prefix_ci (p + i, window - i, "<title") ||
          ascii_has_prefix_ci (p + i, window - i, "<p>") ||
          ascii_has_prefix_ci (p + i, window - i, "</p>") ||
          ascii_has_prefix_ci (p + i, window - i, "<br") ||
          ascii_has_prefix_ci (p + i, window - i, "<div") ||
          ascii_has_prefix_ci (p + i, window - i, "<article"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
name_is (xmlNode    *node,
         const char *name)
{
  return node->name != NULL && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *v = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (v == NULL)
    return NULL;
  copy = g_strdup ((const char *) v);
  xmlFree (v);
  return copy;
}

static gboolean
str_in (const char         *s,
        const char * const *list)
{
  for (gsize i = 0; list[i] != NULL; i++)
    if (g_str_equal (s, list[i]))
      return TRUE;
  return FALSE;
}

/* class and id words that mark page furniture, not article text. Words,
 * not substrings: "header", "heading", "loaded", "shadow" contain "ad". */
static gboolean
attr_says_boilerplate (const char *value)
{
  static const char *const exact[] = {
    "ad", "ads", "adv", "advt", "adbox", "adslot", "adunit", "adsense", "dfp", "gpt",
    "banner", "sponsor", "sponsored", "promo", "promoted", "related", "share", "sharing",
    "sharer", "social", "comment", "comments", "newsletter", "subscribe", "subscription",
    "taboola", "outbrain", "breadcrumb", "breadcrumbs", "cookie", "cookies", "popup",
    "modal", "recommended", "recommendation", "recommendations", "trending", "tags",
    "sidebar", "also", "readmore", "alsoread", "teaser", "teasers", "nav",
    "menu", "footer", "masthead", "byline-share", "toolbar", "disqus", "paywall", NULL,
  };
  static const char *const prefixes[] = {
    "advert", "sponsor", "related", "social", "comment", "newsletter", "taboola",
    "outbrain", "recommend", "subscribe", NULL,
  };
  g_autofree char *lower = NULL;
  g_auto(GStrv) words = NULL;

  if (value == NULL || *value == '\0')
    return FALSE;
  lower = g_ascii_strdown (value, -1);
  for (char *p = lower; *p; p++)
    if (!g_ascii_isalnum (*p))
      *p = ' ';
  words = g_strsplit (lower, " ", -1);
  for (char **w = words; *w; w++)
    {
      if (**w == '\0')
        continue;
      if (str_in (*w, exact))
        {
          /* "also" is furniture only as in also-read; "tags" alone too. */
          if (g_str_equal (*w, "also") && (w[1] == NULL || !g_str_equal (w[1], "read")))
            continue;
          return TRUE;
        }
      for (gsize i = 0; prefixes[i] != NULL; i++)
        if (g_str_has_prefix (*w, prefixes[i]))
          return TRUE;
    }
  return FALSE;
}

/* Looks a bounded way up: real pages are shallow, and an unbounded walk
 * would make a page of thousands of nested headers quadratic. */
static gboolean
has_ancestor (xmlNode    *node,
              const char *name)
{
  int steps = 0;

  for (xmlNode *p = node->parent;
       p != NULL && p->type == XML_ELEMENT_NODE && steps < 64;
       p = p->parent, steps++)
    if (name_is (p, name))
      return TRUE;
  return FALSE;
}

static gboolean
in_paragraph (xmlNode *node)
{
  int steps = 0;

  for (xmlNode *p = node->parent; p != NULL && steps < 4; p = p->parent, steps++)
    if (p->type == XML_ELEMENT_NODE && name_is (p, "p"))
      return TRUE;
  return FALSE;
}

/* Whether an element holds paragraphs of prose: an ad, share bar or list
 * of related links does not, a wrapper of the article does. Looks at a
 * bounded number of nodes, so hostile nesting stays linear. */
static gboolean
holds_prose (xmlNode *root)
{
  gsize prose = 0;
  int visited = 0;

  for (xmlNode *node = root->children; node != NULL && visited < 500; visited++)
    {
      if (node->type == XML_TEXT_NODE && node->content != NULL && in_paragraph (node))
        {
          prose += strlen ((const char *) node->content);
          if (prose >= 300)
            return TRUE;
        }
      if (node->children != NULL)
        node = node->children;
      else
        {
          while (node != root && node->next == NULL)
            node = node->parent;
          node = node == root ? NULL : node->next;
        }
    }
  return FALSE;
}

/* Elements whose whole subtree is not article text. libxml2's HTML
 * parser gives element names in lower case already. */
static gboolean
compute_is_skipped (xmlNode *node)
{
  static const char *const skipped[] = {
    "script", "style", "noscript", "nav", "footer", "aside", "form", "iframe",
    "svg", "math", "template", "button", "select", "option", "textarea", "input",
    "object", "embed", "canvas", "audio", "video", "head", "title", "meta", "link",
    "map", "dialog", "menu", NULL,
  };
  g_autofree char *cls = NULL;
  g_autofree char *id = NULL;
  g_autofree char *role = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *style = NULL;
  const char *lower_name = (const char *) node->name;

  if (node->name == NULL)
    return TRUE;
  if (str_in (lower_name, skipped))
    return TRUE;
  /* A page's header holds its logo and menu; an article's header holds
   * its headline and dateline. */
  if (g_str_equal (lower_name, "header") &&
      !has_ancestor (node, "article") && !has_ancestor (node, "main"))
    return TRUE;

  if (node->properties == NULL)
    return FALSE;
  if (xmlHasProp (node, (const xmlChar *) "hidden"))
    return TRUE;
  hidden = get_attr (node, "aria-hidden");
  if (hidden != NULL && g_ascii_strcasecmp (hidden, "true") == 0)
    return TRUE;
  style = get_attr (node, "style");
  if (style != NULL)
    {
      g_autofree char *squeezed = g_ascii_strdown (style, -1);
      char *w = squeezed;
      for (char *p = squeezed; *p; p++)
        if (!g_ascii_isspace (*p))
          *w++ = *p;
      *w = '\0';
      if (strstr (squeezed, "display:none") || strstr (squeezed, "visibility:hidden"))
        return TRUE;
    }
  role = get_attr (node, "role");
  if (role != NULL)
    {
      static const char *const roles[] = {
        "navigation", "banner", "complementary", "contentinfo", "search", "menu",
        "menubar", "dialog", "alert", NULL,
      };
      g_autofree char *lr = g_ascii_strdown (role, -1);
      if (str_in (lr, roles))
        return TRUE;
    }

  cls = get_attr (node, "class");
  id = get_attr (node, "id");
  /* The element that holds the article must never be thrown out for a
   * class like "article-share-enabled" or "content has-sidebar". */
  if (g_str_equal (lower_name, "article") || g_str_equal (lower_name, "main") ||
      g_str_equal (lower_name, "body"))
    return FALSE;
  if (!attr_says_boilerplate (cls) && !attr_says_boilerplate (id))
    return FALSE;
  return !holds_prose (node);
}

/* The verdict is asked for by several walks over the same tree; it is
 * kept in the node's application pointer, which nothing else here uses. */
#define SKIP_YES GINT_TO_POINTER (1)
#define SKIP_NO GINT_TO_POINTER (2)

static gboolean
element_is_skipped (xmlNode *node)
{
  if (node->_private == NULL)
    node->_private = compute_is_skipped (node) ? SKIP_YES : SKIP_NO;
  return node->_private == SKIP_YES;
}

typedef enum {
  BREAK_NONE,
  BREAK_LINE,
  BREAK_PARAGRAPH,
} BreakKind;

static BreakKind
element_break (xmlNode *node)
{
  static const char *const paragraph[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "ul", "ol",
    "dl", "table", "figure", "figcaption", "article", "section", "header", "main",
    "address", "hr", "details", "summary", NULL,
  };
  static const char *const line[] = {
    "div", "br", "tr", "dt", "dd", "center", "caption", NULL,
  };
  const char *lower = (const char *) node->name;

  if (lower == NULL)
    return BREAK_NONE;
  if (str_in (lower, paragraph))
    return BREAK_PARAGRAPH;
  if (str_in (lower, line))
    return BREAK_LINE;
  return BREAK_NONE;
}

typedef struct {
  GString *s;
  int      pending_breaks;
  gboolean pending_space;
  int      pre_depth;
} TextOut;

static void
out_break (TextOut *o,
           int      n)
{
  if (o->s->len == 0)
    return;
  o->pending_breaks = MAX (o->pending_breaks, n);
  o->pending_space = FALSE;
}

static void
out_text (TextOut    *o,
          const char *text)
{
  for (const char *p = text; *p; p++)
    {
      char c = *p;

      if (o->pre_depth > 0 && c == '\n')
        {
          out_break (o, 1);
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
        {
          if (o->s->len > 0 && o->pending_breaks == 0)
            o->pending_space = TRUE;
          continue;
        }
      if (o->pending_breaks > 0)
        {
          for (int i = 0; i < o->pending_breaks; i++)
            g_string_append_c (o->s, '\n');
          o->pending_breaks = 0;
          o->pending_space = FALSE;
        }
      else if (o->pending_space)
        {
          g_string_append_c (o->s, ' ');
          o->pending_space = FALSE;
        }
      g_string_append_c (o->s, c);
    }
}

static void
leave_element (TextOut *o,
               xmlNode *node)
{
  BreakKind kind = element_break (node);

  if (name_is (node, "pre") && o->pre_depth > 0)
    o->pre_depth--;
  if (name_is (node, "td") || name_is (node, "th"))
    {
      o->pending_space = o->s->len > 0;
      return;
    }
  if (kind != BREAK_NONE)
    out_break (o, kind == BREAK_PARAGRAPH ? 2 : 1);
}

/* Walks a subtree without recursion: hostile pages nest elements tens of
 * thousands deep. */
static void
extract_text (xmlNode *root,
              TextOut *o)
{
  xmlNode *node;

  if (root == NULL || root->children == NULL)
    return;

  node = root->children;
  while (node != NULL)
    {
      gboolean descend = FALSE;

      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        {
          if (node->content != NULL)
            out_text (o, (const char *) node->content);
        }
      else if (node->type == XML_ELEMENT_NODE && !element_is_skipped (node))
        {
          BreakKind kind = element_break (node);

          if (name_is (node, "br"))
            {
              /* Not through out_break: two <br> make a paragraph break. */
              if (o->s->len > 0)
                o->pending_breaks = MIN (o->pending_breaks + 1, 2);
              o->pending_space = FALSE;
            }
          else if (kind != BREAK_NONE)
            out_break (o, kind == BREAK_PARAGRAPH ? 2 : 1);
          if (name_is (node, "pre"))
            o->pre_depth++;
          if (node->children != NULL)
            descend = TRUE;
          else
            leave_element (o, node);
        }

      if (descend)
        {
          node = node->children;
          continue;
        }
      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          if (node == NULL || node == root)
            return;
          leave_element (o, node);
        }
      if (node != NULL)
        node = node->next;
    }
}

/* Next node in document order, without recursion. */
static xmlNode *
next_in_doc (xmlNode *node,
             xmlNode *root,
             gboolean descend)
{
  if (descend && node->children != NULL)
    return node->children;
  while (node != NULL && node != root && node->next == NULL)
    node = node->parent;
  if (node == NULL || node == root)
    return NULL;
  return node->next;
}

static char *
node_text (xmlNode *node)
{
  TextOut o = { g_string_new (NULL), 0, FALSE, 0 };
  extract_text (node, &o);
  return g_strstrip (g_string_free (o.s, FALSE));
}

/* Bytes of text under a node, a rough measure to pick the article among
 * candidates. Cheap on purpose (no attribute checks), and capped. */
static gsize
text_weight (xmlNode *root)
{
  gsize weight = 0, visited = 0;

  for (xmlNode *node = root; node != NULL && visited < 200000; visited++)
    {
      gboolean descend = TRUE;

      if (node->type == XML_TEXT_NODE && node->content != NULL)
        weight += strlen ((const char *) node->content);
      else if (node->type == XML_ELEMENT_NODE &&
               (name_is (node, "script") || name_is (node, "style")))
        descend = FALSE;
      node = next_in_doc (node, root, descend);
    }
  return weight;
}

typedef struct {
  char    *og_title;
  char    *title;
  char    *h1;
  char    *site;
  char    *published;
  xmlNode *body;
  xmlNode *main;
  GPtrArray *candidates;   /* article, [itemprop=articleBody] */
} PageInfo;

static void
page_info_clear (PageInfo *info)
{
  g_free (info->og_title);
  g_free (info->title);
  g_free (info->h1);
  g_free (info->site);
  g_free (info->published);
  g_clear_pointer (&info->candidates, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PageInfo, page_info_clear)

static void
take_published (PageInfo   *info,
                const char *value)
{
  if (info->published == NULL)
    info->published = _khoji_ingest_parse_meta_date (value);
}

/* The first "datePublished" value in a JSON-LD block. JSON is not parsed
 * in full: only this one string is wanted. */
static void
scan_json_ld (PageInfo   *info,
              const char *json)
{
  const char *p = strstr (json, "\"datePublished\"");
  if (p == NULL)
    return;
  p += strlen ("\"datePublished\"");
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  if (*p != ':')
    return;
  p++;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  if (*p != '"')
    return;
  p++;
  {
    const char *q = strchr (p, '"');
    g_autofree char *value = NULL;
    if (q == NULL || q - p > 64)
      return;
    value = g_strndup (p, q - p);
    take_published (info, value);
  }
}

static void
scan_meta (PageInfo *info,
           xmlNode  *node)
{
  g_autofree char *property = get_attr (node, "property");
  g_autofree char *name = get_attr (node, "name");
  g_autofree char *itemprop = get_attr (node, "itemprop");
  g_autofree char *content = get_attr (node, "content");
  const char *key = property ? property : name ? name : itemprop;
  g_autofree char *lower = NULL;

  if (key == NULL || content == NULL)
    return;
  lower = g_ascii_strdown (key, -1);

  if (g_str_equal (lower, "og:title") || g_str_equal (lower, "twitter:title"))
    {
      if (info->og_title == NULL && *g_strstrip (content) != '\0')
        info->og_title = g_strdup (content);
    }
  else if (g_str_equal (lower, "og:site_name") || g_str_equal (lower, "application-name") ||
           g_str_equal (lower, "publisher"))
    {
      if (info->site == NULL && *g_strstrip (content) != '\0')
        info->site = g_strdup (content);
    }
  else if (g_str_equal (lower, "article:published_time") ||
           g_str_equal (lower, "datepublished") ||
           g_str_equal (lower, "pubdate") ||
           g_str_equal (lower, "publishdate") ||
           g_str_equal (lower, "publish-date") ||
           g_str_equal (lower, "date") ||
           g_str_equal (lower, "dc.date") ||
           g_str_equal (lower, "dc.date.issued") ||
           g_str_equal (lower, "dcterms.created") ||
           g_str_equal (lower, "og:published_time") ||
           g_str_equal (lower, "sailthru.date") ||
           g_str_equal (lower, "parsely-pub-date"))
    take_published (info, content);
}

static void
scan_page (PageInfo *info,
           xmlNode  *root)
{
  for (xmlNode *node = root; node != NULL; )
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE && node->name != NULL)
        {
          if (name_is (node, "meta"))
            scan_meta (info, node);
          else if (name_is (node, "title") && info->title == NULL)
            {
              xmlChar *c = xmlNodeGetContent (node);
              info->title = g_strdup (c ? (const char *) c : "");
              xmlFree (c);
              descend = FALSE;
            }
          else if (name_is (node, "body") && info->body == NULL)
            info->body = node;
          else if (name_is (node, "main") && info->main == NULL)
            info->main = node;
          else if (name_is (node, "script"))
            {
              g_autofree char *type = get_attr (node, "type");
              if (type != NULL && g_ascii_strcasecmp (type, "application/ld+json") == 0)
                {
                  xmlChar *c = xmlNodeGetContent (node);
                  if (c != NULL)
                    {
                      scan_json_ld (info, (const char *) c);
                      xmlFree (c);
                    }
                }
              descend = FALSE;
            }
          else if (name_is (node, "style"))
            descend = FALSE;
          else if (name_is (node, "time"))
            {
              g_autofree char *dt = get_attr (node, "datetime");
              g_autofree char *itemprop = get_attr (node, "itemprop");
              /* A <time> marked as the publication date wins over others;
               * otherwise the first one in the page is taken later. */
              if (dt != NULL && itemprop != NULL &&
                  g_ascii_strcasecmp (itemprop, "datePublished") == 0)
                take_published (info, dt);
            }
          else if (name_is (node, "article") && info->candidates->len < HTML_MAX_CANDIDATES)
            g_ptr_array_add (info->candidates, node);

          if (!name_is (node, "meta") && !name_is (node, "time"))
            {
              g_autofree char *itemprop = get_attr (node, "itemprop");
              if (itemprop != NULL)
                {
                  if (g_ascii_strcasecmp (itemprop, "articleBody") == 0 &&
                      info->candidates->len < HTML_MAX_CANDIDATES)
                    g_ptr_array_add (info->candidates, node);
                  else if (g_ascii_strcasecmp (itemprop, "datePublished") == 0)
                    {
                      g_autofree char *c = get_attr (node, "content");
                      g_autofree char *t = c ? NULL : node_text (node);
                      take_published (info, c ? c : t);
                    }
                }
            }
        }
      node = next_in_doc (node, root, descend);
    }
}

static void
scan_content (PageInfo *info,
              xmlNode  *root)
{
  char *first_time = NULL;

  for (xmlNode *node = root; node != NULL; )
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE)
        {
          if (node != root && element_is_skipped (node))
            descend = FALSE;
          else if (name_is (node, "h1") && info->h1 == NULL)
            {
              info->h1 = node_text (node);
              if (*info->h1 == '\0')
                g_clear_pointer (&info->h1, g_free);
            }
          else if (name_is (node, "time") && first_time == NULL)
            first_time = get_attr (node, "datetime");
        }
      node = next_in_doc (node, root, descend);
    }
  if (first_time != NULL)
    take_published (info, first_time);
  g_free (first_time);
}

/* A page without <article> markup: the article is the tightest element
 * that holds most of the page's paragraph text, which leaves out sidebars,
 * teaser lists and footers that no class or tag gave away. */
static xmlNode *
densest_block (xmlNode *outer)
{
  g_autoptr(GHashTable) scores = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gsize total = 0, best_score = G_MAXSIZE;
  xmlNode *best = outer;

  for (xmlNode *node = outer; node != NULL; )
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE && node != outer)
        {
          if (element_is_skipped (node))
            descend = FALSE;
          else if (name_is (node, "p"))
            {
              gsize w = text_weight (node);
              int steps = 0;

              total += w;
              for (xmlNode *a = node->parent; a != NULL && steps < 64; a = a->parent, steps++)
                {
                  gpointer old = g_hash_table_lookup (scores, a);
                  if (old == NULL)
                    g_ptr_array_add (order, a);
                  g_hash_table_insert (scores, a, GSIZE_TO_POINTER (GPOINTER_TO_SIZE (old) + w));
                  if (a == outer)
                    break;
                }
              descend = FALSE;
            }
        }
      node = next_in_doc (node, outer, descend);
    }

  if (total < 200)
    return outer;
  /* Children come before their ancestors in `order`, so on equal scores
   * the tighter element wins. */
  for (guint i = 0; i < order->len; i++)
    {
      xmlNode *n = g_ptr_array_index (order, i);
      gsize score = GPOINTER_TO_SIZE (g_hash_table_lookup (scores, n));
      if (score * 5 >= total * 4 && score < best_score)
        {
          best_score = score;
          best = n;
        }
    }
  return best;
}

static void
ensure_xml_init (void)
{
  static gsize once = 0;

  /* libxml2 sets up its globals once; doing it here keeps that off the
   * import worker's first parse. */
  if (g_once_init_enter (&once))
    {
      xmlInitParser ();
      g_once_init_leave (&once, 1);
    }
}

/* Strips " | Site" or " - Site" from a <title> when the site is known. */
static char *
strip_site_suffix (const char *title,
                   const char *site)
{
  static const char *const seps[] = { " | ", " - ", " – ", " — ", " : ", " :: ", NULL };
  gsize tl, sl;

  if (site == NULL)
    return g_strdup (title);
  tl = strlen (title);
  sl = strlen (site);
  for (gsize i = 0; seps[i] != NULL; i++)
    {
      gsize pl = strlen (seps[i]);
      if (tl > sl + pl && g_ascii_strcasecmp (title + tl - sl, site) == 0 &&
          strncmp (title + tl - sl - pl, seps[i], pl) == 0)
        return g_strndup (title, tl - sl - pl);
    }
  return g_strdup (title);
}

char *
_khoji_ingest_squash_spaces (const char *s)
{
  TextOut o = { g_string_new (NULL), 0, FALSE, 0 };
  out_text (&o, s);
  return g_string_free (o.s, FALSE);
}

/* Elements that never hold content in HTML. libxml2's HTML parser (as of
 * 2.9) does not know some of them as empty: "<embed src=x><p>…" makes
 * every following element a child of <embed>, and embed is skipped with
 * its children, so the rest of the page was lost. The children of such
 * an element are moved after it, where a browser puts them, before any
 * walk of the tree: one pass, every element visited once. */
static gboolean
is_void_element (const xmlNode *node)
{
  static const char *const void_elements[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr", NULL,
  };

  return node->type == XML_ELEMENT_NODE && node->name != NULL &&
         str_in ((const char *) node->name, void_elements);
}

static void
hoist_void_children (xmlNode *root)
{
  xmlNode *node = root;

  while (node != NULL)
    {
      if (node->children != NULL && is_void_element (node) && node->parent != NULL)
        {
          xmlNode *first = node->children, *last = node->last;

          for (xmlNode *c = first; c != NULL; c = c->next)
            c->parent = node->parent;
          last->next = node->next;
          if (node->next != NULL)
            node->next->prev = last;
          else
            node->parent->last = last;
          node->next = first;
          first->prev = node;
          node->children = node->last = NULL;
        }
      /* Depth first, without recursion: a page may nest deeply. */
      if (node->children != NULL)
        node = node->children;
      else
        {
          while (node != root && node->next == NULL)
            node = node->parent;
          node = node == root ? NULL : node->next;
        }
    }
}

gboolean
_khoji_ingest_extract_html (const char *utf8,
                            Extracted  *ex,
                            GError    **error)
{
  g_auto(PageInfo) info = { 0 };
  htmlDocPtr doc;
  xmlNode *root, *content = NULL, *outer = NULL;
  gsize best = 0;
  TextOut o = { NULL, 0, FALSE, 0 };
  gsize len = strlen (utf8);

  ensure_xml_init ();
  if (len > G_MAXINT)
    {
      _khoji_ingest_set_too_large (error);
      return FALSE;
    }

  /* No network, no error chatter, recover from tag soup. The encoding is
   * given so that a <meta charset> cannot make the parser re-decode text
   * that is UTF-8 already. */
  doc = htmlReadMemory (utf8, (int) len, NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_RECOVER | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
  if (doc == NULL)
    {
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_HTML,
                           _("This HTML page could not be read. Save the article as plain text and import that."));
      return FALSE;
    }

  root = xmlDocGetRootElement (doc);
  if (root != NULL)
    hoist_void_children (root);
  if (root == NULL)
    {
      xmlFreeDoc (doc);
      g_set_error_literal (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY,
                           _("This HTML page has no article text."));
      return FALSE;
    }

  info.candidates = g_ptr_array_new ();
  scan_page (&info, root);

  /* The article is the candidate container with the most text; pages
   * with teaser cards have many small <article> elements. */
  for (guint i = 0; i < info.candidates->len; i++)
    {
      xmlNode *c = g_ptr_array_index (info.candidates, i);
      gsize w = text_weight (c);
      if (w > best)
        {
          best = w;
          content = c;
        }
    }
  if (content == NULL || best < 200)
    outer = info.main ? info.main : info.body ? info.body : root;
  if (outer != NULL)
    content = densest_block (outer);

  scan_content (&info, content);
  if (outer != NULL && content != outer)
    {
      /* The headline and dateline often sit just outside the text block. */
      ex->page_text = node_text (outer);
      if (info.h1 == NULL)
        scan_content (&info, outer);
    }

  o.s = g_string_new (NULL);
  extract_text (content, &o);
  ex->text = g_string_free (o.s, FALSE);

  {
    const char *raw = info.og_title ? info.og_title : info.h1 ? info.h1 : info.title;
    if (raw != NULL)
      {
        g_autofree char *t = _khoji_ingest_squash_spaces (raw);
        g_autofree char *site = info.site ? _khoji_ingest_squash_spaces (info.site) : NULL;
        ex->title = strip_site_suffix (t, site);
      }
  }
  if (ex->title != NULL && *g_strstrip (ex->title) == '\0')
    g_clear_pointer (&ex->title, g_free);

  ex->source = info.site ? _khoji_ingest_squash_spaces (info.site) : NULL;
  ex->published = g_steal_pointer (&info.published);

  xmlFreeDoc (doc);
  return TRUE;
}
