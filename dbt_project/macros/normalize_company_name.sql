{#- The matching key for company names across sources (docs/sources.md §8 entity-resolution order):
    drop a leading [brand] prefix, a branch suffix after '/', legal-form markers ((주), ㈜, 주식회사,
    (유), 유한회사, Co., Ltd., Inc.), then every space and punctuation mark; lowercase.
    '[VisualCamp] 비주얼캠프 주식회사' and '(주)비주얼캠프/일용' both become '비주얼캠프'. -#}
{% macro normalize_company_name(column) -%}
lower(
    regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(coalesce({{ column }}, ''), '^\s*\[[^\]]*\]\s*', ''),
                '/.*$', ''),
            '\(주\)|㈜|주식회사|\(유\)|유한회사|\(사\)|사단법인|co\.,?|ltd\.?|inc\.?|corp\.?', '', 'gi'),
        '[^0-9a-zA-Z가-힣]', '', 'g')
)
{%- endmacro %}
