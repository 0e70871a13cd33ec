INSERT INTO tenants (name, display_name, definition, source)
VALUES ($1, $2, $3, 'file')
ON CONFLICT (name)
DO UPDATE SET display_name = EXCLUDED.display_name, definition = EXCLUDED.definition,
              source = 'file', updated_at = now()
