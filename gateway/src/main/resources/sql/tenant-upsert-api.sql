INSERT INTO tenants (name, display_name, definition, source)
VALUES ($1, $2, $3, 'api')
ON CONFLICT (name)
DO UPDATE SET display_name = EXCLUDED.display_name, definition = EXCLUDED.definition, updated_at = now()
WHERE tenants.source = 'api'
