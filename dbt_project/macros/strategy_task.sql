{#-
    One spelling of a strategy task's id, everywhere: 'S<strategy>-T<task, 2 digits>' (S3-T10), the
    prefix of the register's target ids (S3-T10-01). Never '3.10': CSV readers and spreadsheets turn
    that into the number 3.1, and as text it sorts before '3.8'. task_sort_key orders 1.1 ... 3.10.
-#}
{% macro strategy_task_id(strategy_no, task_no) -%}
    ('S' || cast({{ strategy_no }} as integer) || '-T' || lpad(cast(cast({{ task_no }} as integer) as varchar), 2, '0'))
{%- endmacro %}

{% macro strategy_task_sort_key(strategy_no, task_no) -%}
    (cast({{ strategy_no }} as integer) * 100 + cast({{ task_no }} as integer))
{%- endmacro %}
